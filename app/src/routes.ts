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
  return hash === dashboardHash || hash.startsWith(`${dashboardHash}/run/`);
}

/** A team run opened in the Dashboard (a latest failure's link), at one node when known. */
export interface DashboardRun {
  readonly runId: string;
  readonly nodeId?: string;
}

/** `#/dashboard/run/<runId>[/node/<nodeId>]`: the Dashboard with that run's Log and Timeline open at the node. */
export function dashboardRunHash(runId: string, nodeId?: string | null): string {
  return `${dashboardHash}/run/${encodeURIComponent(runId)}${nodeId ? `/node/${encodeURIComponent(nodeId)}` : ""}`;
}

export function dashboardRunFromHash(hash = window.location.hash): DashboardRun | undefined {
  const match = /^#\/dashboard\/run\/([^/]+)(?:\/node\/([^/]+))?$/.exec(hash);
  if (!match) return undefined;
  return { runId: decodeURIComponent(match[1]!), ...(match[2] ? { nodeId: decodeURIComponent(match[2]) } : {}) };
}
