/**
 * The built-in node types as plain data, for code that must not load zod or the executors
 * (the app's page: palette, canvas, inspector). Generated from the node definitions by
 * `npm run gen:schema`; a test fails when it is stale, and another when this entry's module
 * graph reaches zod or a node definition.
 */
import { builtInCatalog } from "./built-in-catalog.ts";
import type { NodeCatalogEntry } from "./node-catalog-entry.ts";

export type { JsonSchemaDocument, NodeBehaviour, NodeCatalogEntry, NodeGroup } from "./node-catalog-entry.ts";

/** A built-in node type; the same union as `NodeType` (a test checks they agree). */
export type CatalogNodeType = (typeof builtInCatalog)[number]["type"];

/** Every built-in node type, in palette order (the order of `builtInNodes`). */
export const nodeCatalog: readonly NodeCatalogEntry[] = builtInCatalog;

const byType = new Map<string, NodeCatalogEntry>(nodeCatalog.map((entry) => [entry.type, entry]));

/**
 * The catalog entry of a node type, or `undefined` for a type this version does not know.
 * @example nodeCatalogEntry("condition")?.outputs // ["true", "false"]
 */
export function nodeCatalogEntry(type: string): NodeCatalogEntry | undefined {
  return byType.get(type);
}

/**
 * Whether `type` names a built-in node type.
 * @example isNodeType("delay") // true; isNodeType("email.send") // false
 */
export function isNodeType(type: string): type is CatalogNodeType {
  return byType.has(type);
}
