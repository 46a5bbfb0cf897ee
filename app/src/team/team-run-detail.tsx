import { createResource, createSignal, For, Match, Show, Switch, type Accessor } from "solid-js";
import type { EditorSession } from "../editor/editor-session.ts";
import { LogTab } from "../runs/log-tab.tsx";
import { TimelineTab } from "../runs/timeline-tab.tsx";
import { DataTab } from "../runs/data-tab.tsx";
import { createNow, nodeLabel, statusLabel } from "../runs/panel-helpers.ts";
import { formatClock } from "../runs/format.ts";
import { followTeamRun } from "./team-run-source.ts";
import type { TeamConnection } from "./team-connection.ts";
import { getTeamRun } from "./team-api.ts";

const tabs = ["Log", "Timeline", "Data", "Runners"] as const;
type Tab = (typeof tabs)[number];

/**
 * One team run, opened from Team runs: the same Log, Timeline and Data tabs as a local run,
 * fed live from the hub's events socket, and a Runners tab (which runner ran each node, the
 * lines runner nodes printed, runners lost). With `focusNode` (a Dashboard failure link) the
 * Log opens filtered to that node, the Timeline marks and scrolls to its row, Data shows it.
 */
export function TeamRunDetail(props: { team: TeamConnection; runId: string; session?: EditorSession | undefined; focusNode?: string | undefined }) {
  const source = followTeamRun(props.team, props.runId);
  const [tab, setTab] = createSignal<Tab>("Log");
  const [node, setNode] = createSignal<string | undefined>(props.focusNode);
  const run = () => source.shown();
  const now = createNow(() => !!source.view()?.live);
  const label = (id: string) => nodeLabel(props.session, run(), id);
  const showNode = (id: string) => (setNode(id), setTab("Data"));

  return (
    <section class="team-run-detail" aria-label={`Team run ${props.runId}`}>
      <div class="rp-toolbar">
        <span class="rp-status" data-status={run()?.status ?? "idle"} aria-live="polite">{run() ? statusLabel(run()!.status) : "Loading…"}</span>
        <span class="muted rp-mono">{props.runId}</span>
        <Show when={source.view()?.live}><span class="muted">live</span></Show>
      </div>
      <Show when={source.problem()}>{(message) => <p class="error-text" role="alert">{message()}</p>}</Show>
      <div class="rp-tabs" role="tablist" aria-label="Team run details">
        <For each={tabs}>
          {(name) => (
            <button role="tab" class="rp-tab" id={`team-run-tab-${name}`} aria-selected={tab() === name} tabIndex={tab() === name ? 0 : -1} aria-controls="team-run-tabpanel" onClick={() => setTab(name)}>
              {name}
            </button>
          )}
        </For>
      </div>
      <div class="rp-body team-run-body" role="tabpanel" id="team-run-tabpanel" aria-labelledby={`team-run-tab-${tab()}`}>
        <Switch>
          <Match when={tab() === "Log"}><LogTab runs={source} label={label} onNode={showNode} initialNode={props.focusNode} /></Match>
          <Match when={tab() === "Timeline"}><TimelineTab runs={source} label={label} now={now} onNode={showNode} focusNode={props.focusNode} /></Match>
          <Match when={tab() === "Data"}><DataTab runs={source} session={props.session} label={label} node={node()} onNode={setNode} /></Match>
          <Match when={tab() === "Runners"}>
            <div class="rp-scroll">
              <NodeRunners team={props.team} runId={props.runId} version={() => source.view()?.events.length ?? 0} label={label} />
              <ul class="team-run-notes" aria-label="Runner notes">
                <For each={source.notes()} fallback={<li class="muted">No runner notes yet.</li>}>
                  {(note) => <li data-note={note.type}><span class="rp-mono muted">{formatClock(note.at)}</span> {note.runner ? `${note.runner}: ` : ""}{note.text}</li>}
                </For>
              </ul>
            </div>
          </Match>
        </Switch>
      </div>
    </section>
  );
}

interface TeamRunNode {
  readonly status: string;
  readonly attempts?: number;
  readonly runner?: string;
  readonly error?: { message: string };
}

/** Which runner ran each node, as the hub's run view says; fetched again as events arrive. */
function NodeRunners(props: { team: TeamConnection; runId: string; version: Accessor<number>; label: (id: string) => string }) {
  const [detail] = createResource(() => ({ runId: props.runId, version: props.version() }), ({ runId }) => getTeamRun(props.team, runId));
  const nodes = () => {
    const result = detail.latest;
    return result?.ok ? Object.entries((result.value.nodes ?? {}) as Record<string, TeamRunNode>) : [];
  };
  return (
    <table class="rp-history-table" aria-label="Team run nodes">
      <thead>
        <tr><th scope="col">Node</th><th scope="col">Status</th><th scope="col">Runner</th><th scope="col">Attempts</th><th scope="col">Error</th></tr>
      </thead>
      <tbody>
        <For each={nodes()}>
          {([id, node]) => (
            <tr data-team-node={id}>
              <td>{props.label(id)}</td>
              <td><span class="rp-pill" data-status={node.status}>{statusLabel(node.status)}</span></td>
              <td>{node.runner ?? "—"}</td>
              <td>{node.attempts ?? 0}</td>
              <td>{node.error?.message ?? ""}</td>
            </tr>
          )}
        </For>
      </tbody>
    </table>
  );
}
