import type * as Y from "yjs";
import { createSignal } from "solid-js";
import type { JsonValue } from "@nexus-flow/shared";
import { localOrigin, nodesOf, pinPortsOf, pinsOf } from "../flow-doc/index.ts";

/**
 * Pinned test data (n8n's pinData): an output kept with the flow (the file's `pinData`, the
 * doc's `pins` map, so it syncs and undoes like any edit) that runs started from the editor
 * use instead of running the node (engine SPEC rule N1). Headless and team runs never do.
 * A pin also keeps the port it sends on where that is not the node's first (the file's
 * `pinPorts`): a condition pinned from a run that took `false` goes on sending on `false`.
 */
export interface Pins {
  /** The pinned value of a node, tracked: the canvas marks and the inspector follow it. */
  of(nodeId: string): JsonValue | undefined;
  has(nodeId: string): boolean;
  /** The port a pinned node sends on, when not its first; tracked. */
  portOf(nodeId: string): string | undefined;
  /**
   * Pins (or with `undefined` unpins) a node's output, on `port` (undefined: the node's
   * first), as one undoable edit.
   */
  set(nodeId: string, value: JsonValue | undefined, port?: string): void;
  /** Changes the port of a pin, as one undoable edit. */
  setPort(nodeId: string, port: string | undefined): void;
  /** The pins of nodes in the flow and their ports, for a run's start command. */
  forRun(): { pinned: Record<string, JsonValue>; pinnedPorts: Record<string, string> };
  dispose(): void;
}

export function trackPins(doc: Y.Doc): Pins {
  const map = pinsOf(doc);
  const ports = pinPortsOf(doc);
  // One version signal: pins change rarely, and a read of `of(id)` is a map lookup.
  const [version, setVersion] = createSignal(0);
  const onChange = () => setVersion((value) => value + 1);
  map.observe(onChange);
  ports.observe(onChange);
  const read = (nodeId: string): JsonValue | undefined => (version(), map.get(nodeId));
  const writePort = (nodeId: string, port: string | undefined) => (port === undefined ? ports.delete(nodeId) : ports.set(nodeId, port));
  return {
    of: read,
    has: (nodeId) => read(nodeId) !== undefined,
    portOf: (nodeId) => (version(), map.has(nodeId) ? ports.get(nodeId) : undefined),
    set(nodeId, value, port) {
      doc.transact(() => {
        if (value === undefined) map.delete(nodeId);
        else map.set(nodeId, value);
        writePort(nodeId, value === undefined ? undefined : port);
      }, localOrigin);
    },
    setPort(nodeId, port) {
      doc.transact(() => writePort(nodeId, port), localOrigin);
    },
    forRun() {
      const pinned: Record<string, JsonValue> = Object.create(null);
      const pinnedPorts: Record<string, string> = Object.create(null);
      for (const [id, value] of map.entries()) {
        if (!nodesOf(doc).has(id)) continue;
        pinned[id] = value;
        const port = ports.get(id);
        if (port !== undefined) pinnedPorts[id] = port;
      }
      return { pinned, pinnedPorts };
    },
    dispose: () => (map.unobserve(onChange), ports.unobserve(onChange)),
  };
}

/**
 * What pinning a node's recorded output keeps: the output and, when the node sent it on a
 * port other than its first (a condition's `false`), that port. Undefined when the record
 * has no output to pin (the node did not succeed).
 * @example pinFromRecord({ status: "succeeded", output: 1, port: "false" }, ["true", "false"]) // { value: 1, port: "false" }
 */
export function pinFromRecord(record: { status: string; output?: JsonValue; port?: string } | undefined, outputs: readonly string[]): { value: JsonValue; port?: string } | undefined {
  if (record?.status !== "succeeded") return undefined;
  const value = record.output ?? null;
  return record.port !== undefined && record.port !== outputs[0] && outputs.includes(record.port) ? { value, port: record.port } : { value };
}
