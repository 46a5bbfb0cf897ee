import * as Y from "yjs";
import type { Flow } from "@nexus-flow/shared";
import { readFlow, writeFlow } from "./flow-doc.ts";

/**
 * Whether two flows have the same content as the doc stores it (order of nodes, edges and
 * keys aside). Used to tell whether a draft holds work that no published version has.
 * @example sameFlow(draft, version.flow) // true right after publishing the draft
 */
export function sameFlow(a: Flow, b: Flow): boolean {
  return flowKey(a) === flowKey(b);
}

function flowKey(flow: Flow): string {
  return stableJson(readFlow(writeFlow(new Y.Doc(), flow)));
}

function stableJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(stableJson).join(",")}]`;
  if (value && typeof value === "object") {
    const entries = Object.entries(value).filter(([, item]) => item !== undefined);
    return `{${entries.sort(([a], [b]) => (a < b ? -1 : 1)).map(([key, item]) => `${JSON.stringify(key)}:${stableJson(item)}`).join(",")}}`;
  }
  return JSON.stringify(value);
}
