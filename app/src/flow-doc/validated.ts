import * as Y from "yjs";
import type { Flow } from "@nexus-flow/shared";

/**
 * Docs whose content is a flow the validator has just accepted (an imported file, stored as
 * it was checked), with the doc's state then. The editor's issue tracker takes that answer
 * instead of reading the whole flow back and checking it again in the worker, which at
 * 1,000 nodes held the frame after the canvas was first drawn by ~35 ms.
 */
const validated = new WeakMap<Y.Doc, { flow: Flow; state: Uint8Array }>();

export function markValidated(doc: Y.Doc, flow: Flow): void {
  validated.set(doc, { flow, state: Y.encodeStateVector(doc) });
}

/** The flow `doc` was validated as, once, if the doc has not changed since. */
export function takeValidated(doc: Y.Doc): Flow | undefined {
  const entry = validated.get(doc);
  validated.delete(doc);
  if (!entry) return undefined;
  const state = Y.encodeStateVector(doc);
  return state.length === entry.state.length && state.every((byte, i) => byte === entry.state[i]) ? entry.flow : undefined;
}
