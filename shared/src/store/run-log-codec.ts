/**
 * How run logs are stored so that each output is stored once (SPEC rule L5).
 *
 * Why this exists: a pass-through node outputs its input, so a 20 MB payload through five
 * nodes was written six times (120 MB) and read back six times on resume. The engine hands the
 * very same value along (by reference), so a store can write an output that is the run input
 * or an earlier node's output as a reference to it: `"outputOf": { "node": "a" }` or
 * `"outputOf": { "runInput": true }` in place of `"output"`. Reading a log resolves the
 * references, and resolved values are shared again, so a resumed run keeps them shared.
 * Logs written before this have no references and read exactly as before.
 */
import { NexusError } from "../errors/index.ts";
import type { JsonValue } from "../json.ts";
import { checkJson } from "../json-limits.ts";
import type { NodeRecord, RunEvent } from "../engine/run-event.ts";

/** Where a stored output's value is: the latest output of a node, or the run input. */
export type OutputSource = { readonly node: string } | { readonly runInput: true };

/** Values smaller than this (as JSON) are stored inline: a reference would not be shorter. */
export const minSharedBytes = 256;

type Encode = (event: RunEvent) => RunEvent;

/**
 * A stateful encoder for one writer: outputs seen before in this log (by identity, or equal
 * strings) become references. Give it the log so far when appending to an existing one.
 * @example const encode = createRunLogEncoder(); line = JSON.stringify(encode(event));
 */
export function createRunLogEncoder(prefix: readonly RunEvent[] = []): Encode {
  const objects = new WeakMap<object, OutputSource | null>();
  const strings = new Map<string, OutputSource>();
  // A fan-out hands one value to many nodes: remember the last object looked up.
  let lastObject: object | undefined;
  let lastSource: OutputSource | null = null;

  /** The earlier source of `value`, or `undefined` after remembering `source` for it. */
  function sourceOf(value: JsonValue | undefined, source: OutputSource): OutputSource | undefined {
    if (typeof value === "string") {
      if (value.length < minSharedBytes) return undefined;
      const known = strings.get(value);
      if (!known) strings.set(value, source);
      return known;
    }
    if (typeof value !== "object" || value === null) return undefined;
    if (value === lastObject) return lastSource ?? undefined;
    const known = objects.get(value);
    lastObject = value;
    if (known !== undefined) return (lastSource = known) ?? undefined;
    const checked = checkJson(value, { stopAbove: minSharedBytes });
    lastSource = checked.ok && checked.size >= minSharedBytes ? source : null;
    objects.set(value, lastSource);
    return undefined;
  }

  const encode: Encode = (event) => {
    switch (event.type) {
      case "run.started":
        sourceOf(event.input, { runInput: true });
        return event;
      case "node.succeeded":
      case "node.failed": {
        if (event.output === undefined) return event;
        const earlier = sourceOf(event.output, { node: event.nodeId });
        if (!earlier) return event;
        const { output: _output, ...rest } = event;
        return { ...rest, outputOf: earlier } as unknown as RunEvent;
      }
      case "node.reused": {
        const earlier = sourceOf(event.record.output, { node: event.nodeId });
        if (!earlier) return event;
        const { output: _output, ...record } = event.record;
        return { ...event, record: { ...record, outputOf: earlier } as NodeRecord };
      }
      default:
        return event;
    }
  };
  for (const event of prefix) encode(event);
  return encode;
}

/**
 * Turns stored entries back into events, resolving `outputOf` references (identity: each
 * shared value is one object again).
 * @example decodeRunLog(lines.map((line) => JSON.parse(line)))
 */
export function decodeRunLog(runId: string, entries: readonly unknown[]): RunEvent[] {
  const outputs = new Map<string, JsonValue>();
  let runInput: JsonValue = null;
  const resolve = (source: OutputSource, at: number): JsonValue => {
    const value = "runInput" in source ? runInput : outputs.get(source.node);
    if (value === undefined) throw new NexusError({ code: "CORRUPT_LOG", message: `run ${runId}: entry ${at + 1} of its log refers to an output it does not have`, retryable: false });
    return value;
  };
  return entries.map((entry, at) => {
    let event = entry as RunEvent & { outputOf?: OutputSource; record?: NodeRecord & { outputOf?: OutputSource } };
    if (event.type === "run.started") runInput = event.input;
    if (event.outputOf) {
      const { outputOf, ...rest } = event;
      event = { ...rest, output: resolve(outputOf, at) } as typeof event;
    }
    if (event.type === "node.reused" && event.record.outputOf) {
      const { outputOf, ...record } = event.record as NodeRecord & { outputOf: OutputSource };
      event = { ...event, record: { ...record, output: resolve(outputOf, at) } };
    }
    if ((event.type === "node.succeeded" || event.type === "node.failed") && event.output !== undefined) outputs.set(event.nodeId, event.output);
    if (event.type === "node.reused" && event.record.output !== undefined) outputs.set(event.nodeId, event.record.output);
    return event;
  });
}
