import type * as Y from "yjs";
import { createSignal } from "solid-js";
import type { JsonValue } from "@nexus-flow/shared";
import { localOrigin, nodesOf, pinsOf } from "../flow-doc/index.ts";

/**
 * Pinned test data (n8n's pinData): an output kept with the flow (the file's `pinData`, the
 * doc's `pins` map, so it syncs and undoes like any edit) that runs started from the editor
 * use instead of running the node (engine SPEC rule N1). Headless and team runs never do.
 */
export interface Pins {
  /** The pinned value of a node, tracked: the canvas marks and the inspector follow it. */
  of(nodeId: string): JsonValue | undefined;
  has(nodeId: string): boolean;
  /** Pins (or with `undefined` unpins) a node's output, as one undoable edit. */
  set(nodeId: string, value: JsonValue | undefined): void;
  /** The pins of nodes in the flow, for a run's start command. */
  forRun(): Record<string, JsonValue>;
  dispose(): void;
}

export function trackPins(doc: Y.Doc): Pins {
  const map = pinsOf(doc);
  // One version signal: pins change rarely, and a read of `of(id)` is a map lookup.
  const [version, setVersion] = createSignal(0);
  const onChange = () => setVersion((value) => value + 1);
  map.observe(onChange);
  const read = (nodeId: string): JsonValue | undefined => (version(), map.get(nodeId));
  return {
    of: read,
    has: (nodeId) => read(nodeId) !== undefined,
    set(nodeId, value) {
      doc.transact(() => (value === undefined ? map.delete(nodeId) : map.set(nodeId, value)), localOrigin);
    },
    forRun() {
      const pins: Record<string, JsonValue> = Object.create(null);
      for (const [id, value] of map.entries()) if (nodesOf(doc).has(id)) pins[id] = value;
      return pins;
    },
    dispose: () => map.unobserve(onChange),
  };
}
