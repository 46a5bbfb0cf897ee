import type * as z from "zod/mini";
import type { JsonValue } from "../json.ts";
import type { Sandbox } from "../sandbox/sandbox.ts";
import type { HttpClient } from "./http-client.ts";

/**
 * How the engine treats a node. Only `task` nodes call an executor; the others are control
 * flow the engine owns, because their state (timers, signals, joins) must live in the run log.
 */
export const NodeBehaviour = {
  Trigger: "trigger",
  Task: "task",
  Merge: "merge",
  Delay: "delay",
  Approval: "approval",
} as const;
export type NodeBehaviour = (typeof NodeBehaviour)[keyof typeof NodeBehaviour];

/** Palette groups, named as users of n8n and Node-RED know them. */
export type NodeGroup = "Triggers" | "Actions" | "Logic" | "Code" | "Runner";

/** Everything the app, the engine and the validator need to know about one node type. */
export interface NodeDefinition<Type extends string = string, ConfigSchema extends z.ZodMiniType = z.ZodMiniType> {
  readonly type: Type;
  readonly title: string;
  readonly group: NodeGroup;
  readonly description: string;
  /** Strict schema of `config`; the flow validator and the inspector form derive from it. */
  readonly config: ConfigSchema;
  readonly behaviour: NodeBehaviour;
  /** Input port names; triggers have none. */
  readonly inputs: readonly string[];
  /** Output port names. */
  readonly outputs: readonly string[];
  /** The port an edge leaves from when it names none; absent when an edge must name one. */
  readonly defaultOutput?: string;
  /** Where the node runs unless the flow asks otherwise. */
  readonly runsOn: "browser" | "runner";
  /** Present for `task` nodes. */
  readonly execute?: NodeExecutor<z.infer<ConfigSchema>>;
}

export type NodeExecutor<Config = unknown> = (execution: NodeExecution<Config>) => Promise<NodeResult> | NodeResult;

/** What a task node returns: its output, and for branching nodes the port it leaves on. */
export interface NodeResult {
  readonly output: JsonValue;
  readonly port?: string;
}

/** One attempt of one node, as an executor sees it. Plain data plus ports. */
export interface NodeExecution<Config = unknown> {
  readonly runId: string;
  readonly nodeId: string;
  readonly config: Config;
  readonly input: JsonValue;
  readonly runInput: JsonValue;
  readonly attempt: number;
  /** `<runId>:<nodeId>`: the same for every attempt and for a resumed attempt. */
  readonly idempotencyKey: string;
  /** The node's per-attempt `timeoutMs`, if it has one; the sandbox stops code by then (SPEC R3). */
  readonly timeoutMs?: number;
  /** Aborted when the run is cancelled or the attempt times out. */
  readonly signal: AbortSignal;
  /** The flow's payload limit in bytes of JSON (SPEC rule B1), for executors that read data in. */
  readonly maxPayloadBytes: number;
  /** Output of a finished upstream node, or `undefined`. */
  readonly nodeOutput: (nodeId: string) => JsonValue | undefined;
  readonly services: NodeServices;
}

/** The I/O a host lends to executors. A missing service fails the nodes that need it. */
export interface NodeServices {
  readonly sandbox?: Sandbox;
  readonly http?: HttpClient;
  /** Wall-clock time in ms, from the run's clock. */
  readonly now: () => number;
  /** Where a node's progress lines go as they come (a process's stdout and stderr). */
  readonly log?: (line: NodeLogLine) => void;
}

/** One line a running node prints, for the run log. */
export interface NodeLogLine {
  readonly nodeId: string;
  readonly stream: "stdout" | "stderr" | "info";
  readonly text: string;
}

/** Keeps each definition's literal type and config schema, from which the flow types derive. */
export function defineNode<const Type extends string, ConfigSchema extends z.ZodMiniType>(
  definition: NodeDefinition<Type, ConfigSchema>,
): NodeDefinition<Type, ConfigSchema> {
  return definition;
}

/** Convenience for definitions: ports of a one-in, one-out node. */
export const singlePorts = { inputs: ["in"], outputs: ["out"], defaultOutput: "out" } as const;
