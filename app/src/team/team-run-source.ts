/**
 * A team (headless) run followed from the hub's events socket, as the run panel's Log,
 * Timeline and Data tabs read a local run: a `RunView` folded from the engine events the hub
 * stored (the log so far, then live), beside the hub's notes (runner log lines, runner lost).
 */
import { createSignal, onCleanup, type Accessor } from "solid-js";
import type { RunEvent } from "@nexus-flow/shared";
import { viewOfLog, type RunView } from "../runs/run-view.ts";
import type { ShownRun } from "../runs/panel-helpers.ts";
import { runEventsUrl, type TeamConnection } from "./team-connection.ts";

export interface HubNote {
  readonly type: string;
  readonly at: number;
  readonly text: string;
  readonly runner: string | null;
}

type Stored = { seq: number; entry: RunEvent | { note: Omit<HubNote, "runner"> }; runner: string | null } | { type: "end" };

/** Refolding at most this often keeps a busy run's socket from re-rendering per event. */
const foldIntervalMs = 50;

/**
 * Follows `runId` until the component that called it is cleaned up.
 * @example const source = followTeamRun(team, runId); <LogTab runs={source} … />
 */
export function followTeamRun(team: TeamConnection, runId: string): ShownRun & { readonly notes: Accessor<readonly HubNote[]>; readonly problem: Accessor<string | undefined> } {
  const [view, setView] = createSignal<RunView>();
  const [notes, setNotes] = createSignal<readonly HubNote[]>([]);
  const [problem, setProblem] = createSignal<string>();
  const events: RunEvent[] = [];
  const heard: HubNote[] = [];
  let live = true;
  let timer: ReturnType<typeof setTimeout> | undefined;
  const fold = () => {
    timer = undefined;
    if (events[0]?.type === "run.started") setView(viewOfLog(events, live));
    setNotes([...heard]);
  };
  const soon = () => (timer ??= setTimeout(fold, foldIntervalMs));

  const socket = new WebSocket(runEventsUrl(team, runId));
  socket.onmessage = (message) => {
    const stored = JSON.parse(String(message.data)) as Stored;
    if ("type" in stored) live = false;
    else if ("note" in stored.entry) heard.push({ ...stored.entry.note, runner: stored.runner });
    else events.push(stored.entry);
    soon();
  };
  socket.onclose = () => {
    if (live && !events.length) setProblem(`The team's relay did not send this run's events (${team.relayUrl} offline, or the run is gone).`);
    live = false;
    soon();
  };
  onCleanup(() => {
    clearTimeout(timer);
    socket.onclose = null;
    socket.close();
  });
  return { view, shown: () => view()?.state, remote: () => undefined, notes, problem };
}
