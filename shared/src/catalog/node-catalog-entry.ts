import type { NodeBehaviour, NodeGroup } from "../nodes/node-definition.ts";

export type { NodeBehaviour, NodeGroup };

/** A JSON Schema (draft 2020-12) document, as `z.toJSONSchema` writes it. */
export type JsonSchemaDocument = { readonly [keyword: string]: unknown };

/**
 * What the page knows about one node type: a node definition as plain data, without the
 * executor and with the config schema as JSON Schema (what `nodeConfigJsonSchema(type)`
 * returns), so the page needs neither zod nor the executors' code.
 */
export interface NodeCatalogEntry {
  readonly type: string;
  readonly title: string;
  readonly group: NodeGroup;
  readonly description: string;
  readonly behaviour: NodeBehaviour;
  /** Input port names; triggers have none. */
  readonly inputs: readonly string[];
  /** Output port names. */
  readonly outputs: readonly string[];
  /** The port an edge leaves from when it names none; absent when an edge must name one. */
  readonly defaultOutput?: string;
  readonly runsOn: "browser" | "runner";
  /** The JSON Schema of the node's `config` (input side); the inspector's form derives from it. */
  readonly config: JsonSchemaDocument;
}
