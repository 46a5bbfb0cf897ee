import { dict, type JsonValue } from "../src/index.ts";
import { conditionPort, digest, flakyMessage, isBranching, type DagSpec, type NodeKind } from "./random-dag.ts";

/** What the SPEC says one node of a random DAG ends with. */
export interface OracleNode {
  readonly status: "succeeded" | "failed" | "skipped";
  readonly attempts: number;
  readonly output?: JsonValue;
  readonly port?: string;
  readonly errorCode?: string;
}

export interface OracleResult {
  readonly nodes: Record<string, OracleNode>;
  /** Nodes whose final failure fails the run (no `onError: "continue"`); empty for a run that succeeds. */
  readonly fatal: readonly string[];
}

/**
 * The engine's rules applied the simple way: one node at a time in index order (a topological
 * order), no concurrency, no promises, no clock. A node that fails the run is evaluated like
 * any other (its edges count as skipped), so the result says what every node would end with
 * if nothing were cancelled; `fatal` says which nodes can stop the run. A disabled node passes
 * its input on (K3); a pinned one succeeds with its pin without running (N1).
 * @example oracle(spec).nodes.n3.status // "skipped"
 */
export function oracle(spec: DagSpec): OracleResult {
  const nodes = dict<OracleNode>();
  const fatal: string[] = [];
  spec.kinds.forEach((kind, index) => {
    const id = spec.ids[index]!;
    const incoming = spec.edges.filter((edge) => edge.target === index);
    const arrived = incoming.map((edge) => ({ source: spec.ids[edge.source]!, value: sentAlong(nodes[spec.ids[edge.source]!]!, spec.kinds[edge.source]!, edge.port) }));
    const skipped = arrived.filter((input) => input.value === undefined).length;
    const isMerge = kind.kind === "merge";
    if (incoming.length > 0 && (isMerge ? skipped === incoming.length : skipped > 0)) return void (nodes[id] = { status: "skipped", attempts: 0 });
    const input = incoming.length === 0 ? spec.input : inputOf(arrived, isMerge, kind);
    const port = isBranching(kind) ? "true" : "out"; // the pass-through port: default, else first
    if (spec.disabled?.[index]) return void (nodes[id] = { status: "skipped", attempts: 0, output: input, port });
    const pin = spec.pinned?.[index];
    // A pin sends on the branch it was pinned from (N1), else on the pass-through port.
    if (pin !== undefined) return void (nodes[id] = { status: "succeeded", attempts: 0, output: pin, port: isBranching(kind) && spec.pinnedOnFalse?.[index] ? "false" : port });
    const result = evaluate(id, kind, input);
    nodes[id] = result;
    if (result.status === "failed" && result.output === undefined) fatal.push(id);
  });
  return { nodes, fatal };
}

/** The value an edge carries from a finished node (SPEC rules K1, K3, E1), or undefined when skipped. */
function sentAlong(source: OracleNode, kind: NodeKind, port: string | undefined): JsonValue | undefined {
  const edgePort = port ?? "out";
  const defaultPort = isBranching(kind) ? undefined : "out";
  if (source.status === "succeeded") return (source.port ?? defaultPort) === edgePort ? (source.output ?? null) : undefined;
  if (source.status === "failed" && source.output !== undefined && defaultPort === edgePort) return source.output;
  if (source.status === "skipped" && source.output !== undefined) return source.port === edgePort ? source.output : undefined; // K3
  return undefined;
}

/** SPEC rules I2, I3, M2, M3. */
function inputOf(arrived: Array<{ source: string; value: JsonValue | undefined }>, isMerge: boolean, kind: NodeKind): JsonValue {
  const keyed = dict<JsonValue>();
  for (const { source, value } of arrived) if (value !== undefined && !(source in keyed)) keyed[source] = value;
  const values = Object.values(keyed);
  if (isMerge) return kind.kind === "merge" && kind.mode === "any" && values.length === 1 ? values[0]! : keyed;
  return arrived.length === 1 ? arrived[0]!.value! : keyed;
}

/** SPEC rules I4, C1, D1, R1, E1 for the scripted behaviours of `dagExecutors`. */
function evaluate(id: string, kind: NodeKind, input: JsonValue): OracleNode {
  switch (kind.kind) {
    case "trigger":
    case "merge":
    case "delay":
      return { status: "succeeded", attempts: 1, output: input };
    case "noop":
      return { status: "succeeded", attempts: 1, output: digest(id, input) };
    case "condition":
      return { status: "succeeded", attempts: 1, output: input, port: conditionPort(id, input) };
    case "flaky": {
      const attemptsToSucceed = kind.failures === 0 ? 1 : kind.retryable && kind.failures < kind.maxAttempts ? kind.failures + 1 : undefined;
      if (attemptsToSucceed !== undefined) {
        const succeeded = { status: "succeeded", attempts: attemptsToSucceed } as const;
        return kind.branch ? { ...succeeded, output: input, port: conditionPort(id, input) } : { ...succeeded, output: digest(id, input) };
      }
      const attempts = kind.retryable ? kind.maxAttempts : 1;
      const error = { code: "FLAKY", message: flakyMessage(id, attempts) };
      return kind.onError === "continue" ? { status: "failed", attempts, errorCode: "FLAKY", output: { error } } : { status: "failed", attempts, errorCode: "FLAKY" };
    }
  }
}
