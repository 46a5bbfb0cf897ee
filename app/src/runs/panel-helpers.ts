import type { RunSession } from "./run-session.ts";
import { createEffect, createSignal, onCleanup, type Accessor } from "solid-js";
import type { RunState } from "@nexus-flow/shared";
import type { EditorSession } from "../editor/editor-session.ts";
import { displayNames } from "../editor/node-names.ts";

/** The current time, ticking every `ms` while `active()` (live durations, the timeline's edge). */
export function createNow(active: Accessor<boolean>, ms = 250): Accessor<number> {
  const [now, setNow] = createSignal(Date.now());
  createEffect(() => {
    setNow(Date.now());
    if (!active()) return;
    const timer = setInterval(() => setNow(Date.now()), ms);
    onCleanup(() => clearInterval(timer));
  });
  return now;
}

const runLabels = new WeakMap<RunState["flow"], Map<string, string>>();

/**
 * A node's name as the canvas shows it (its label, or its type's title and an ordinal): from
 * the draft, else from the run's flow (a node deleted since), else its id.
 */
export function nodeLabel(session: EditorSession | undefined, run: RunState | undefined, id: string): string {
  if (session?.view.nodes[id]) return session.nameOf(id);
  if (!run) return id;
  let labels = runLabels.get(run.flow);
  if (!labels) runLabels.set(run.flow, (labels = displayNames(Object.fromEntries(run.flow.nodes.map((node) => [node.id, node])))));
  return labels.get(id) ?? id;
}

const statusWords: Record<string, string> = {
  idle: "Not started",
  queued: "Queued",
  running: "Running",
  retrying: "Retrying",
  waiting: "Waiting",
  succeeded: "Succeeded",
  failed: "Failed",
  skipped: "Skipped",
  cancelled: "Cancelled",
  interrupted: "Interrupted",
};

export const statusLabel = (status: string) => statusWords[status] ?? status;

/** What the Log, Timeline and Data tabs read: this tab's runs, or a team run followed from the hub. */
export type ShownRun = Pick<RunSession, "view" | "shown" | "remote">;

/** What the Log, Timeline and Data tabs say when they have no run of this tab to show. */
export function noRunText(runs: ShownRun): string {
  const remote = runs.remote();
  return remote
    ? `${remote.by}’s run is shown on the canvas live. Its log and data stay in their browser.`
    : "No run shown. Press Run, or open a past run in the History tab.";
}
