import { quoteValue } from "../json-limits.ts";

/** One thing wrong with a flow document, with where it is. */
export interface FlowIssue {
  /** `nodes[2].config.code`, or `""` for the document itself. */
  readonly path: string;
  readonly message: string;
}

/** Path segments shown before a long path (a deeply nested value) is abbreviated. */
const maxPathSegments = 16;

/**
 * `["nodes", 2, "config"]` → `nodes[2].config`. Odd keys are quoted (at most a few hundred
 * characters of each); a path deeper than 16 segments shows its start and its depth.
 */
export function formatPath(path: readonly PropertyKey[]): string {
  let text = "";
  for (const key of path.slice(0, maxPathSegments)) {
    if (typeof key === "number") text += `[${key}]`;
    else if (typeof key === "string" && key.length <= 100 && /^[A-Za-z_$][\w$]*$/.test(key)) text += text ? `.${key}` : key;
    else text += `[${quoteValue(String(key))}]`;
  }
  return path.length > maxPathSegments ? `${text}… (${path.length} levels deep)` : text;
}

/** `nodes[2].config.code: expected string, got number` */
export function formatIssue(issue: FlowIssue): string {
  return issue.path ? `${issue.path}: ${issue.message}` : issue.message;
}
