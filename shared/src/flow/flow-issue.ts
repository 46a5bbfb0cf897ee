/** One thing wrong with a flow document, with where it is. */
export interface FlowIssue {
  /** `nodes[2].config.code`, or `""` for the document itself. */
  readonly path: string;
  readonly message: string;
}

/** `["nodes", 2, "config"]` → `nodes[2].config` */
export function formatPath(path: readonly PropertyKey[]): string {
  let text = "";
  for (const key of path) {
    if (typeof key === "number") text += `[${key}]`;
    else if (typeof key === "string" && /^[A-Za-z_$][\w$]*$/.test(key)) text += text ? `.${key}` : key;
    else text += `[${JSON.stringify(String(key))}]`;
  }
  return text;
}

/** `nodes[2].config.code: expected string, got number` */
export function formatIssue(issue: FlowIssue): string {
  return issue.path ? `${issue.path}: ${issue.message}` : issue.message;
}
