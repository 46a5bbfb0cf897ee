/** Where the app is: `#/flow/<id>` a flow's draft, `#/flow/<id>/version/<n>` a published version read-only. */
export interface Route {
  readonly flowId?: string;
  readonly version?: number;
}

export function routeFromHash(hash = window.location.hash): Route {
  const match = /^#\/flow\/([^/]+)(?:\/version\/(\d+))?$/.exec(hash);
  if (!match) return {};
  return { flowId: decodeURIComponent(match[1]!), ...(match[2] ? { version: Number(match[2]) } : {}) };
}

export function openFlow(id: string, version?: number): void {
  window.location.hash = `#/flow/${encodeURIComponent(id)}${version === undefined ? "" : `/version/${version}`}`;
}

/** The team's Dashboard (`#/dashboard`): a view of its own, beside the flows. */
export const dashboardHash = "#/dashboard";

export function isDashboardHash(hash = window.location.hash): boolean {
  return hash === dashboardHash;
}
