import type { FlowIssue } from "@nexus-flow/shared";

export interface PlacedIssues {
  /** Issues shown next to a field, by the field's path. */
  readonly byField: ReadonlyMap<string, readonly FlowIssue[]>;
  /** Issues no field on the form names: shown at the top. */
  readonly rest: readonly FlowIssue[];
}

/**
 * Puts each issue next to the field its path names: the field whose path is the issue's
 * path or its longest prefix (`config.headers["X-A"]` → `config.headers`).
 *
 * @example
 * placeIssues([{ path: "config.code", message: "…" }], ["config.code"]).byField.get("config.code")
 */
export function placeIssues(issues: readonly FlowIssue[], fieldPaths: readonly string[]): PlacedIssues {
  const byField = new Map<string, FlowIssue[]>();
  const rest: FlowIssue[] = [];
  const byLength = [...fieldPaths].sort((a, b) => b.length - a.length);
  for (const issue of issues) {
    const field = byLength.find((path) => issue.path === path || issue.path.startsWith(`${path}.`) || issue.path.startsWith(`${path}[`));
    if (field === undefined) rest.push(issue);
    else byField.set(field, [...(byField.get(field) ?? []), issue]);
  }
  return { byField, rest };
}
