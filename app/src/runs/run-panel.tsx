import { createEffect, createMemo, createSignal, For, Match, on, onCleanup, Show, Switch } from "solid-js";
import { NodeStatus, type RunError, type RunState } from "@nexus-flow/shared";
import { progressOf, progressText } from "./run-progress.ts";
import type { RunSession } from "./run-session.ts";
import type { EditorSession } from "../editor/editor-session.ts";
import { formatDuration } from "./format.ts";
import { LogTab } from "./log-tab.tsx";
import { TimelineTab } from "./timeline-tab.tsx";
import { DataTab } from "./data-tab.tsx";
import { HistoryTab } from "./history-tab.tsx";
import { RunnerNotes } from "./runner-notes.tsx";
import type { TeamStore } from "../team/team-store.ts";
import { RunnerWaitToggle } from "../team/runner-wait-toggle.tsx";
import { createNow, nodeLabel, statusLabel } from "./panel-helpers.ts";
import { createPanelHeight, PanelResizer } from "./run-panel-resize.tsx";
import "./run-panel.css";

export interface RunPanelProps {
  readonly runs: RunSession;
  readonly session: EditorSession;
  readonly team?: TeamStore | undefined;
  /** The panel changed size (resized, collapsed, expanded): the canvas re-fits what is left. */
  readonly onResized?: () => void;
}

const tabs = ["Log", "Timeline", "Data", "History"] as const;
type Tab = (typeof tabs)[number];

const collapsedKey = "nexus.runPanel.collapsed";

/**
 * The run panel under the canvas: progress and status of the shown run, approvals waiting
 * for a decision, and tabs for its log, timeline, node data and the flow's run history.
 */
export function RunPanel(props: RunPanelProps) {
  const [tab, setTab] = createSignal<Tab>("Log");
  const [collapsed, setCollapsed] = createSignal(localStorage.getItem(collapsedKey) === "1");
  const size = createPanelHeight(() => tab() === "Data");
  onCleanup(size.dispose);
  // Opening the Data tab may raise the panel (its panes keep 300 px): the canvas re-fits then too.
  createEffect(on(() => tab() === "Data", () => size.raisedByData() && !collapsed() && props.onResized?.(), { defer: true }));
  const [chosen, setChosen] = createSignal<string>();
  const run = () => props.runs.shown();
  const live = () => props.runs.view()?.live ?? false;
  const now = createNow(() => live() && run()?.status === "running");
  const label = (id: string) => nodeLabel(props.session, run(), id);

  // The node the panel is about: the one selected on the canvas, else the one chosen in the Data tab.
  const selectedOne = createMemo(() => {
    const ids = props.session.selection.nodes();
    return ids.size === 1 ? [...ids][0] : undefined;
  });
  createEffect(on(selectedOne, (id) => id !== undefined && setChosen(id)));
  const focus = () => chosen();

  const progress = createMemo(() => progressOf(run()));
  const approvals = createMemo(() => {
    const state = run();
    if (!state || !live()) return [];
    const waiting = Object.entries(state.nodes).filter(([, record]) => record.status === NodeStatus.Waiting && record.wakeAt === undefined).map(([id]) => id);
    return waiting.sort((a, b) => Number(b === focus()) - Number(a === focus()));
  });
  const canRerun = () => !!run() && !props.runs.running() && !!focus() && !props.session.readOnly() && props.team?.role() !== "viewer";
  const canRunNode = () => !props.runs.running() && !!focus() && !!props.session.view.nodes[focus()!] && !props.session.readOnly() && props.team?.role() !== "viewer";

  function toggle() {
    setCollapsed(!collapsed());
    localStorage.setItem(collapsedKey, collapsed() ? "1" : "0");
    props.onResized?.();
  }

  /** Arrow keys move between tabs (the WAI-ARIA tabs pattern). */
  function moveTab(event: KeyboardEvent) {
    const step = event.key === "ArrowRight" ? 1 : event.key === "ArrowLeft" ? -1 : 0;
    if (!step) return;
    const next = tabs[(tabs.indexOf(tab()) + step + tabs.length) % tabs.length]!;
    setTab(next);
    document.getElementById(`rp-tab-${next}`)?.focus();
  }

  function showNode(id: string) {
    setChosen(id);
    setTab("Data");
  }

  /** The status and progress of this tab's shown run. */
  const ownRun = () => (
    <>
      <span class="rp-status" data-status={run()?.status ?? "idle"} aria-live="polite">
        {run() ? statusLabel(run()!.status) : "No run yet"}
      </span>
      <Show when={run()}>
        {(state) => (
          <>
            <div class="rp-progress" role="progressbar" aria-label="Run progress" aria-valuemin={0} aria-valuemax={progress().total} aria-valuenow={progress().finished}>
              <div class="rp-progress-fill" data-status={state().status} style={{ width: `${progress().total ? (100 * progress().finished) / progress().total : 0}%` }} />
            </div>
            <span class="rp-count">
              {progressText(progress())} · {formatDuration((state().finishedAt ?? now()) - state().startedAt)}
            </span>
          </>
        )}
      </Show>
    </>
  );

  return (
    <section class="run-panel" classList={{ "rp-collapsed": collapsed() }} style={{ height: collapsed() ? undefined : `${size.height()}px` }} aria-label="Run panel">
      <Show when={!collapsed()}>
        <PanelResizer size={size} onResized={() => props.onResized?.()} />
      </Show>
      <header class="rp-header">
        <button class="button icon-button button-ghost" aria-label={collapsed() ? "Expand run panel" : "Collapse run panel"} aria-expanded={!collapsed()} onClick={toggle}>
          {collapsed() ? "▴" : "▾"}
        </button>
        <span class="rp-title">Run</span>
        <Show when={props.runs.remote()} fallback={ownRun()}>
          {(other) => (
            <>
              <span class="rp-status" data-status={other().status} aria-live="polite">
                {other().by}’s run: {statusLabel(other().status)}
              </span>
              <div class="rp-progress" role="progressbar" aria-label="Run progress" aria-valuemin={0} aria-valuemax={other().total} aria-valuenow={other().done}>
                <div class="rp-progress-fill" data-status={other().status} style={{ width: `${other().total ? (100 * other().done) / other().total : 0}%` }} />
              </div>
              <span class="rp-count">{other().done.toLocaleString()} / {other().total.toLocaleString()} nodes</span>
            </>
          )}
        </Show>
        <span class="spacer" />
        <RunnerWaitToggle db={props.runs.db} team={props.team} flowId={props.session.flowId} />
        <label class="rp-input-label" for="rp-run-input">Run input</label>
        <span class="rp-input-wrap">
          <input
            id="rp-run-input"
            class="input rp-input"
            classList={{ "rp-input-invalid": !props.runs.parsedInput().ok }}
            spellcheck={false}
            value={props.runs.inputText()}
            aria-invalid={!props.runs.parsedInput().ok}
            aria-describedby="rp-input-error"
            title="JSON the run starts with (Ctrl+Enter runs)"
            onInput={(event) => props.runs.setInputText(event.currentTarget.value)}
            onKeyDown={(event) => event.key === "Enter" && (event.ctrlKey || event.metaKey) && (event.preventDefault(), void props.runs.start())}
          />
          {/* Under the field, not only in a tooltip: people see why Run refuses. */}
          <Show when={(() => { const parsed = props.runs.parsedInput(); return parsed.ok ? undefined : parsed.message; })()}>
            {(message) => <span id="rp-input-error" class="rp-input-error" role="alert">Not valid JSON: {message()}</span>}
          </Show>
        </span>
        <button
          class="button"
          disabled={!canRerun()}
          title={canRerun() ? `Run "${label(focus()!)}" and everything after it again, reusing the earlier results before it` : "Select a node, with a finished run shown, to re-run from it"}
          onClick={() => void props.runs.rerunFrom(focus()!)}
        >
          Re-run from here
        </button>
        {/* Beside the re-run: the same node alone, with the input it got in the run shown. */}
        <button
          class="button"
          disabled={!canRunNode()}
          title={canRunNode() ? `Run only "${label(focus()!)}", with the input it recorded in the run shown` : "Select a node to run it alone"}
          onClick={() => void props.runs.runNode(focus()!)}
        >
          Run this node
        </button>
      </header>
      <Show when={!collapsed()}>
        <For each={approvals()}>
          {(id) => (
            <div class="rp-approval" role="group" aria-label={`Approval: ${label(id)}`}>
              <span class="rp-approval-icon" aria-hidden="true">⏸</span>
              <span class="rp-approval-text">
                <strong>{label(id)}</strong> is waiting for approval
                <Show when={approvalMessage(run(), id)}>{(message) => <span class="muted"> — {message()}</span>}</Show>
              </span>
              <button class="button button-primary" onClick={() => props.runs.signal(id, { approved: true })}>Approve</button>
              <button class="button button-danger" onClick={() => props.runs.signal(id, { approved: false })}>Reject</button>
            </div>
          )}
        </For>
        <Show when={run()?.error && run()!.status !== "cancelled" ? run()!.error : undefined}>
          {(error) => (
            <div class="rp-error" role="alert">
              <span title={error().message}>{runErrorText(run()!, error(), label)}</span>
              <Show when={error().nodeId}>{(id) => <button class="button button-ghost" onClick={() => showNode(id())}>Show node</button>}</Show>
            </div>
          )}
        </Show>
        <RunnerNotes runId={run()?.runId} label={label} />
        <Show when={props.runs.view()?.fault}>{(fault) => <div class="rp-error" role="alert">The run stopped in this tab: {fault().message}</div>}</Show>
        <div class="rp-tabs" role="tablist" aria-label="Run details" onKeyDown={(event) => moveTab(event)}>
          <For each={tabs}>
            {(name) => (
              <button role="tab" class="rp-tab" id={`rp-tab-${name}`} aria-selected={tab() === name} tabIndex={tab() === name ? 0 : -1} aria-controls="rp-tabpanel" onClick={() => setTab(name)}>
                {name}
              </button>
            )}
          </For>
        </div>
        <div class="rp-body" role="tabpanel" id="rp-tabpanel" aria-labelledby={`rp-tab-${tab()}`}>
          <Switch>
            <Match when={tab() === "Log"}>
              <LogTab runs={props.runs} label={label} onNode={showNode} />
            </Match>
            <Match when={tab() === "Timeline"}>
              <TimelineTab runs={props.runs} label={label} now={now} onNode={showNode} />
            </Match>
            <Match when={tab() === "Data"}>
              <DataTab runs={props.runs} session={props.session} label={label} node={focus()} onNode={setChosen} />
            </Match>
            <Match when={tab() === "History"}>
              <HistoryTab runs={props.runs} now={now} team={props.team} flowId={props.session.flowId} session={props.session} />
            </Match>
          </Switch>
        </div>
      </Show>
    </section>
  );
}

/** "Fetch orders failed: …", with the node's own words, rather than the run's `node "call" failed: …`. */
function runErrorText(state: RunState, error: RunError, label: (id: string) => string): string {
  const nodeError = error.nodeId ? state.nodes[error.nodeId]?.error : undefined;
  return error.nodeId && nodeError ? `${label(error.nodeId)} failed: ${nodeError.message}` : `The run failed: ${error.message}`;
}

function approvalMessage(state: RunState | undefined, nodeId: string): string | undefined {
  const node = state?.flow.nodes.find((candidate) => candidate.id === nodeId);
  return node?.type === "approval" ? node.config.message : undefined;
}
