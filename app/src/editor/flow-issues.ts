import type * as Y from "yjs";
import { createSignal, onCleanup, untrack, type Accessor } from "solid-js";
import { dict, type Flow, type FlowIssue } from "@nexus-flow/shared";
import { changedDoc, movedNodesOnly, readFlow, takeValidated } from "../flow-doc/index.ts";
import type { FlowCheck } from "../runs/engine-api.ts";
import { engineClient } from "../runs/engine-client.ts";
import { nameIssue, namesOf } from "./issue-names.ts";

export interface FlowIssues {
  /** Issues of each node, paths relative to the node (`config.code: …`). */
  readonly byNode: Record<string, FlowIssue[]>;
  /** Issues of the flow as a whole and of edges, with their full paths. */
  readonly other: FlowIssue[];
  /** The validated flow when there is no issue (its positions may be older: moves are not re-checked). */
  readonly flow?: Flow;
}

/** Validates a draft; the app asks the engine worker, where the validator lives. */
export type ValidateDraft = (draft: Flow) => Promise<FlowCheck>;

const askWorker: ValidateDraft = (draft) => engineClient().api.validate(draft);

/**
 * Validates the draft as it changes (debounced) so problems show in place: on the node on
 * the canvas, in the inspector next to the field. Validation runs in the engine worker, so
 * the answer comes later: until the first one, no issues (and no `flow`); an answer for an
 * older draft than the last one asked about is dropped.
 */
export function trackFlowIssues(doc: Y.Doc, debounceMs = 120, validate: ValidateDraft = askWorker): Accessor<FlowIssues> {
  const [issues, setIssues] = createSignal<FlowIssues>({ byNode: {}, other: [] });
  let timer: ReturnType<typeof setTimeout> | undefined;
  let asked = 0;
  let answered = 0;
  let disposed = false;
  async function check(): Promise<void> {
    const ticket = ++asked;
    // Not copied: the draft is only posted to the worker (a copy) and read for node names.
    const draft = readFlow(doc, { copy: false });
    const result = await validate(draft).finally(() => (answered = Math.max(answered, ticket)));
    if (ticket === asked && !disposed) setIssues(placeIssues(draft, result));
  }
  // A failed check (the worker crashed) keeps the last answer; the crash itself is reported by engine-client.ts.
  const checkNow = () => void check().catch(() => undefined);
  /**
   * Moves made here (a drag, Layout's 1,000) leave a valid flow valid: with the last answer
   * for the doc as it was (nothing asked since) and no issue in it, they are not re-checked.
   * That spares reading and posting the whole flow, and the worker's time.
   */
  const stillValid = (tr: Y.Transaction) => timer === undefined && answered === asked && asked > 0 && untrack(() => isClean(issues())) && movedNodesOnly(doc, tr);
  const onTransaction = (tr: Y.Transaction) => {
    if (!changedDoc(tr) || stillValid(tr)) return;
    clearTimeout(timer);
    timer = setTimeout(() => ((timer = undefined), checkNow()), debounceMs);
  };
  // A flow just imported was validated as it is: that is the first answer. Otherwise the
  // first check reads the whole flow (~50 ms at 1,000 nodes): after the editor's first
  // frame, not before it. Its answer comes from the worker later anyway.
  const known = takeValidated(doc);
  if (known) (asked = answered = 1), setIssues({ byNode: dict(), other: [], flow: known });
  else afterNextFrame(() => disposed || checkNow());
  doc.on("afterTransaction", onTransaction);
  onCleanup(() => ((disposed = true), doc.off("afterTransaction", onTransaction), clearTimeout(timer)));
  return issues;
}

const isClean = (issues: FlowIssues) => issues.other.length === 0 && Object.keys(issues.byNode).length === 0 && issues.flow !== undefined;

/** Runs `run` once the next frame is painted (in a task after it); in Node, on the next task. */
function afterNextFrame(run: () => void): void {
  if (typeof requestAnimationFrame === "function") requestAnimationFrame(() => setTimeout(run, 0));
  else setTimeout(run, 0);
}

/** Files each issue under its node (path made relative to it), or under `other`. */
export function placeIssues(draft: Flow, result: FlowCheck): FlowIssues {
  if (result.ok) return { byNode: dict(), other: [], flow: result.flow };
  const byNode = dict<FlowIssue[]>();
  const other: FlowIssue[] = [];
  const names = namesOf(draft);
  for (const raw of result.issues) {
    // In the canvas's words: node names, not ids, in messages and edge paths.
    const issue = nameIssue(raw, draft, names);
    const match = /^nodes\[(\d+)\]\.?(.*)$/.exec(raw.path);
    const node = match ? draft.nodes[Number(match[1])] : undefined;
    if (node) (byNode[node.id] ??= []).push({ path: match![2]!, message: issue.message });
    else other.push(issue);
  }
  return { byNode, other };
}
