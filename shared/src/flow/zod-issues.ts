import type * as z from "zod/mini";
import { nodeTypes } from "../nodes/registry.ts";
import { formatPath, type FlowIssue } from "./flow-issue.ts";
import { cutText, maxQuotedChars, quoteValue } from "../json-limits.ts";

/**
 * Rewrites zod's issues as flow issues a person can act on: unknown keys point at the key
 * itself, an unknown node type lists the known ones.
 */
export function flowIssuesFromZod(error: z.core.$ZodError, document: unknown): FlowIssue[] {
  return error.issues.flatMap((issue) => {
    if (issue.code === "unrecognized_keys") {
      return issue.keys.map((key) => ({ path: formatPath([...issue.path, key]), message: "unknown property" }));
    }
    if (issue.code === "invalid_union" && "discriminator" in issue && issue.discriminator === "type") {
      const found = valueAt(document, issue.path);
      const type = found === undefined ? "undefined" : quoteValue(found);
      return [{ path: formatPath(issue.path), message: `unknown node type ${type}; known types: ${nodeTypes.join(", ")}` }];
    }
    return [{ path: formatPath(issue.path), message: humanize(issue.message) }];
  });
}

function humanize(message: string): string {
  return cutText(message.replace(/^Invalid input: /, "").replace(/, received /, ", got "), maxQuotedChars);
}

function valueAt(document: unknown, path: readonly PropertyKey[]): unknown {
  let value = document;
  for (const key of path) value = typeof value === "object" && value !== null ? (value as Record<PropertyKey, unknown>)[key] : undefined;
  return value;
}
