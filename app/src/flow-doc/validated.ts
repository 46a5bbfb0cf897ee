import type * as Y from "yjs";
import type { Flow } from "@nexus-flow/shared";
import { changedDoc } from "./transactions.ts";

/**
 * Docs whose content is a flow the validator has just accepted (an imported file, stored as
 * it was checked). The editor's issue tracker takes that answer instead of reading the whole
 * flow back and checking it again in the worker, which at 1,000 nodes held the frame after
 * the canvas was first drawn by ~35 ms. Any change to the doc forgets it (a deletion too,
 * which a state vector would not show).
 */
const validated = new WeakMap<Y.Doc, Flow>();

export function markValidated(doc: Y.Doc, flow: Flow): void {
  validated.set(doc, flow);
  const forgetOnChange = (tr: Y.Transaction) => {
    if (validated.get(doc) !== flow) return doc.off("afterTransaction", forgetOnChange);
    if (changedDoc(tr)) validated.delete(doc), doc.off("afterTransaction", forgetOnChange);
  };
  doc.on("afterTransaction", forgetOnChange);
}

/** The flow `doc` was validated as, once, if the doc has not changed since. */
export function takeValidated(doc: Y.Doc): Flow | undefined {
  const flow = validated.get(doc);
  validated.delete(doc);
  return flow;
}
