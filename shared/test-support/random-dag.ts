import fc from "fast-check";
import { NexusError, validateFlow, type CompiledFlow, type FlowEdge, type FlowNode, type JsonValue, type NodeExecution, type NodeExecutor, type RunState } from "../src/index.ts";
import type { Clock } from "../src/engine/ports.ts";

/**
 * Random DAGs for the engine's property tests, and the scripted executors that run them.
 * Edges only go from a lower to a higher node index, so every graph is acyclic and index
 * order is a topological order (the oracle relies on it). Every behaviour is a pure function
 * of node id, attempt and input, so a resumed run behaves exactly like the first one.
 */
export type NodeKind =
  | { readonly kind: "trigger" }
  | { readonly kind: "noop"; readonly ms: number }
  | { readonly kind: "condition"; readonly ms: number }
  | { readonly kind: "merge"; readonly mode: "all" | "any" }
  | { readonly kind: "delay"; readonly ms: number }
  /** Fails attempts 1..failures (retryable or not), then succeeds like a noop, or like a condition when `branch`. */
  | { readonly kind: "flaky"; readonly branch: boolean; readonly ms: number; readonly failures: number; readonly maxAttempts: number; readonly initialDelayMs: number; readonly retryable: boolean; readonly onError: "fail" | "continue" };

export interface DagEdge {
  readonly source: number;
  readonly target: number;
  /** Named only when the source is a condition. */
  readonly port?: "true" | "false";
}

export interface DagSpec {
  /** Node ids by index: drawn from `idPool`, so they include every Object.prototype name (rule I5). */
  readonly ids: readonly string[];
  readonly kinds: readonly NodeKind[];
  readonly edges: readonly DagEdge[];
  readonly concurrency: number;
  readonly input: JsonValue;
  /** Nodes disabled in the flow, by index (SPEC rule K3). */
  readonly disabled?: readonly boolean[];
  /** Outputs pinned by index, `undefined` where none (SPEC rule N1). */
  readonly pinned?: ReadonlyArray<JsonValue | undefined>;
  /** By index: a pinned branching node pinned from its `false` branch (SPEC rule N1). */
  readonly pinnedOnFalse?: ReadonlyArray<boolean>;
}

/** Names a plain object already answers to, and `__proto__`: node and edge ids must be data (SPEC rule I5). */
export const prototypeNames: readonly string[] = Object.getOwnPropertyNames(Object.prototype);

/** Ids the random DAGs draw from: every prototype name, and enough plain ones for the largest DAG. */
export const idPool = (size: number): string[] => [...prototypeNames, ...Array.from({ length: size }, (_, i) => `n${i}`)];

/** Edge `index`'s id: the prototype names first, then plain ones. */
export const edgeId = (index: number) => prototypeNames[index] ?? `e${index}`;

/** Played by a `condition` node: leaves on port true or false, has no default port. */
export const isBranching = (kind: NodeKind) => kind.kind === "condition" || (kind.kind === "flaky" && kind.branch);

const ms = fc.constantFrom(0, 0, 0, 5, 10, 40);

function kindArbitrary(allowFatal: boolean): fc.Arbitrary<NodeKind> {
  const flaky = fc.record({
    kind: fc.constant("flaky" as const),
    branch: fc.boolean(),
    ms,
    failures: fc.integer({ min: 0, max: 3 }),
    maxAttempts: fc.integer({ min: 1, max: 4 }),
    initialDelayMs: fc.constantFrom(1, 10, 250, 60_000),
    retryable: fc.boolean(),
    onError: allowFatal ? fc.constantFrom("fail" as const, "continue" as const, "continue" as const) : fc.constant("continue" as const),
  });
  return fc.oneof(
    { weight: 5, arbitrary: fc.record({ kind: fc.constant("noop" as const), ms }) },
    { weight: 2, arbitrary: fc.record({ kind: fc.constant("condition" as const), ms }) },
    { weight: 2, arbitrary: fc.record({ kind: fc.constant("merge" as const), mode: fc.constantFrom("all" as const, "any" as const) }) },
    { weight: 1, arbitrary: fc.record({ kind: fc.constant("delay" as const), ms: fc.constantFrom(0, 1000, 86_400_000) }) },
    { weight: 2, arbitrary: flaky },
  );
}

/**
 * A random DAG of 1..maxNodes nodes. With `allowFatal`, some failing nodes have no
 * `onError: "continue"`, so some runs fail (SPEC rule E2). With `editorAids`, some nodes are
 * disabled (K3) or pinned (N1).
 * @example fc.assert(fc.asyncProperty(dagArbitrary({ allowFatal: false }), async (spec) => …))
 */
export function dagArbitrary({ maxNodes = 40, allowFatal = false, editorAids = false } = {}): fc.Arbitrary<DagSpec> {
  return fc.integer({ min: 1, max: maxNodes }).chain((size) =>
    fc
      .record({
        kinds: fc.array(kindArbitrary(allowFatal), { minLength: size, maxLength: size }),
        pairs: fc.array(fc.tuple(fc.nat(size - 1), fc.nat(size - 1), fc.boolean()), { maxLength: size * 2 }),
        concurrency: fc.integer({ min: 1, max: 6 }),
        trigger: fc.boolean(),
        input: fc.oneof(fc.constant(null), fc.integer(), fc.record({ v: fc.string({ maxLength: 4 }) })),
        ids: fc.shuffledSubarray(idPool(size), { minLength: size, maxLength: size }),
        // With `editorAids`, about one node in eight disabled, one in eight pinned. Off, the
        // arbitrary draws exactly what it drew before, so pinned regression seeds still replay.
        disabled: editorAids ? fc.array(fc.integer({ min: 0, max: 7 }).map((n) => n === 0), { minLength: size, maxLength: size }) : fc.constant(undefined),
        pinned: editorAids ? fc.array(fc.option(fc.oneof(fc.integer(), fc.record({ pin: fc.string({ maxLength: 3 }) })), { freq: 7, nil: undefined }), { minLength: size, maxLength: size }) : fc.constant(undefined),
        pinnedOnFalse: editorAids ? fc.array(fc.boolean(), { minLength: size, maxLength: size }) : fc.constant(undefined),
      })
      .map(({ kinds, pairs, concurrency, trigger, input, ids, disabled, pinned, pinnedOnFalse }) => {
        const all: NodeKind[] = trigger ? [{ kind: "trigger" }, ...kinds.slice(1)] : kinds;
        const edges: DagEdge[] = [];
        for (const [a, b, side] of pairs) {
          const [source, target] = [Math.min(a, b), Math.max(a, b)];
          if (source === target || all[target]!.kind === "trigger") continue;
          edges.push(isBranching(all[source]!) ? { source, target, port: side ? "true" : "false" } : { source, target });
        }
        return { ids, kinds: all, edges, concurrency, input, ...(disabled ? { disabled } : {}), ...(pinned ? { pinned } : {}), ...(pinnedOnFalse ? { pinnedOnFalse } : {}) };
      }),
  );
}

/** The flow of a spec: host executors play every task node, so only types and policies matter. */
export function compileDag(spec: DagSpec): CompiledFlow {
  const nodes = spec.kinds.map((kind, index): FlowNode => {
    const base = { id: spec.ids[index]!, position: { x: index * 100, y: 0 }, ...(spec.disabled?.[index] ? { disabled: true } : {}) };
    switch (kind.kind) {
      case "trigger":
        return { ...base, type: "trigger.manual", config: {} };
      case "noop":
        return { ...base, type: "noop", config: {} };
      case "condition":
        return { ...base, type: "condition", config: { expression: "scripted by the host" } };
      case "merge":
        return { ...base, type: "merge", config: { mode: kind.mode } };
      case "delay":
        return { ...base, type: "delay", config: { ms: kind.ms } };
      case "flaky":
        return { ...base, ...(kind.branch ? { type: "condition", config: { expression: "scripted by the host" } } : { type: "noop", config: {} }), onError: kind.onError, retry: { maxAttempts: kind.maxAttempts, initialDelayMs: kind.initialDelayMs } };
    }
  });
  const edges = spec.edges.map((edge, index): FlowEdge => ({ id: edgeId(index), source: spec.ids[edge.source]!, target: spec.ids[edge.target]!, ...(edge.port ? { sourcePort: edge.port } : {}) }));
  const checked = validateFlow({ schemaVersion: 1, id: "dag", name: "dag", nodes, edges });
  if (!checked.ok) throw new Error(`random DAG is invalid: ${JSON.stringify(checked.issues)}`);
  return checked.compiled;
}

/** The spec's pins keyed by node id, for `startRun` (SPEC rule N1). */
export function pinsOf(spec: DagSpec): Record<string, JsonValue> {
  const pins: Record<string, JsonValue> = Object.create(null);
  spec.pinned?.forEach((value, index) => value !== undefined && (pins[spec.ids[index]!] = value));
  return pins;
}

/** The ports pinned nodes send on where not their first, keyed by node id: `false` for a branching node pinned from that branch (N1). */
export function pinPortsOf(spec: DagSpec): Record<string, string> {
  const ports: Record<string, string> = Object.create(null);
  spec.pinned?.forEach((value, index) => value !== undefined && spec.pinnedOnFalse?.[index] && isBranching(spec.kinds[index]!) && (ports[spec.ids[index]!] = "false"));
  return ports;
}

/** JSON with sorted keys, so equal values hash equally whatever their key order. */
export function canonical(value: JsonValue): string {
  if (value === null || typeof value !== "object") return JSON.stringify(value);
  if (Array.isArray(value)) return `[${value.map(canonical).join(",")}]`;
  return `{${Object.keys(value).sort().map((key) => `${JSON.stringify(key)}:${canonical(value[key]!)}`).join(",")}}`;
}

/** FNV-1a, 32 bits. */
export function hash(text: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) h = Math.imul(h ^ text.charCodeAt(i), 0x01000193) >>> 0;
  return h;
}

/** A task's output: small, and different for every input, so miswired inputs show up. */
export const digest = (id: string, input: JsonValue): string => `${id}:${hash(canonical(input)).toString(36)}`;
export const conditionPort = (id: string, input: JsonValue): "true" | "false" => (hash(`${id}|${canonical(input)}`) % 2 ? "true" : "false");
export const flakyMessage = (id: string, attempt: number) => `${id} attempt ${attempt}`;

/** What the executors saw; rule violations are collected, not thrown (a throw would only fail the node). */
export interface DagMonitor {
  readonly calls: Array<{ nodeId: string; attempt: number }>;
  readonly violations: string[];
  active: number;
  maxActive: number;
}

export function createMonitor(): DagMonitor {
  return { calls: [], violations: [], active: 0, maxActive: 0 };
}

/**
 * Host executors for `noop` and `condition` playing the spec. `durable` is the state folded
 * from the sink, checked at each call: the node's start is logged (L4) and its inputs are
 * resolved (S1).
 */
export function dagExecutors(spec: DagSpec, compiled: CompiledFlow, clock: Clock, monitor: DagMonitor, durable: () => RunState | undefined): Record<string, NodeExecutor> {
  const play = async (execution: NodeExecution): Promise<{ output: JsonValue; port?: string }> => {
    const { nodeId: id, attempt, input } = execution;
    const index = compiled.indexOf.get(id)!;
    const kind = spec.kinds[index]!;
    monitor.calls.push({ nodeId: id, attempt });
    check(compiled, index, attempt, durable(), monitor.violations);
    monitor.maxActive = Math.max(monitor.maxActive, ++monitor.active);
    try {
      if ("ms" in kind && kind.ms > 0) await clock.sleep(kind.ms, execution.signal);
      if (kind.kind === "flaky" && attempt <= kind.failures) throw new NexusError({ code: "FLAKY", message: flakyMessage(id, attempt), retryable: kind.retryable });
      if (isBranching(kind)) return { output: input, port: conditionPort(id, input) };
      return { output: digest(id, input) };
    } finally {
      monitor.active--;
    }
  };
  return { noop: play, condition: play };
}

function check(compiled: CompiledFlow, index: number, attempt: number, state: RunState | undefined, violations: string[]): void {
  const node = compiled.nodes[index]!;
  const record = state?.nodes[node.id];
  if (record?.status !== "running" || record.attempts !== attempt) violations.push(`L4: ${node.id}#${attempt} called before its start was appended (${record?.status})`);
  for (const edge of node.inEdges) {
    const source = compiled.nodes[edge.source]!.id;
    const status = state?.nodes[source]?.status;
    if (!/succeeded|failed|skipped|cancelled/.test(status ?? "")) violations.push(`S1: ${node.id} called while input ${source} is ${status}`);
  }
}
