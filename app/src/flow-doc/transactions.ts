import type * as Y from "yjs";
import { nodesOf } from "./flow-doc.ts";

/**
 * What a finished transaction did, for listeners on the doc's `afterTransaction` event. They
 * replace `update` listeners that only need to know that something changed: while any
 * `update` listener is attached, Yjs encodes every transaction as a V1 update for it, on top
 * of the V2 update storage (y-dexie) listens to (~5 ms for Layout's 1,000 moves).
 */

/**
 * Whether a transaction changed the doc: Yjs's own test for emitting `update` (something
 * deleted, or some client's clock moved). A re-applied update it already had is no change.
 * @example doc.on("afterTransaction", (tr) => changedDoc(tr) && save());
 */
export function changedDoc(tr: Y.Transaction): boolean {
  if (tr.deleteSet.clients.size > 0) return true;
  for (const [client, clock] of tr.afterState) if (tr.beforeState.get(client) !== clock) return true;
  return false;
}

/**
 * Whether a transaction made here only moved nodes (set `position` in node maps, nothing
 * else): moves cannot make a valid flow invalid, so the draft check can skip them.
 * @example if (movedNodesOnly(doc, tr)) return;
 */
export function movedNodesOnly(doc: Y.Doc, tr: Y.Transaction): boolean {
  if (!tr.local || tr.changed.size === 0) return false;
  const nodes = nodesOf(doc);
  for (const [type, keys] of tr.changed) {
    if (type._item?.parent !== nodes || keys.size !== 1 || !keys.has("position")) return false;
  }
  return true;
}
