import { createSignal, For, onMount, Show, type Accessor } from "solid-js";
import type { TeamStore } from "../team/team-store.ts";
import { TeamRuns } from "../team/team-runs.tsx";
import type { RunSession } from "./run-session.ts";
import type { EditorSession } from "../editor/editor-session.ts";
import { formatDateTime, formatDuration, shortRunId } from "./format.ts";
import { statusLabel } from "./panel-helpers.ts";
import { RetentionSetting } from "../settings/retention-setting.tsx";

export interface HistoryTabProps {
  readonly runs: RunSession;
  readonly now: Accessor<number>;
  /** With a team: a "Team runs" view of the flow's headless runs beside this browser's. */
  readonly team?: TeamStore | undefined;
  readonly flowId?: string;
  /** For the node names of an opened team run. */
  readonly session?: EditorSession;
}

/** The flow's runs, newest first; choosing one shows it on the canvas and in the other tabs. */
export function HistoryTab(props: HistoryTabProps) {
  onMount(() => void props.runs.refreshHistory());
  const shownId = () => props.runs.view()?.runId;
  const [view, setView] = createSignal<"browser" | "team">("browser");
  return (
    <div class="rp-tab-content rp-history">
      <Show when={props.team && props.flowId}>
        <div class="rp-history-views" role="group" aria-label="Which runs">
          <button class="button" aria-pressed={view() === "browser"} onClick={() => setView("browser")}>This browser</button>
          <button class="button" aria-pressed={view() === "team"} onClick={() => setView("team")}>Team runs</button>
        </div>
      </Show>
      <Show when={view() === "team" && props.team && props.flowId && props.session}>
        <TeamRuns team={props.team!} flowId={props.flowId!} session={props.session!} />
      </Show>
      <div class="rp-scroll" hidden={view() === "team"}>
        <Show when={props.runs.history().length} fallback={<p class="rp-empty">This flow has not run yet.</p>}>
          <table class="rp-history-table">
            <thead>
              <tr>
                <th scope="col">Status</th>
                <th scope="col">Started</th>
                <th scope="col">Duration</th>
                <th scope="col">Run</th>
              </tr>
            </thead>
            <tbody>
              <For each={props.runs.history()}>
                {/* The whole row opens the run; the date stays the button keyboards and screen readers use. */}
                {(entry) => (
                  <tr class="rp-history-row" classList={{ "rp-history-shown": entry.runId === shownId() }} aria-current={entry.runId === shownId() ? "true" : undefined} onClick={(event) => !(event.target as Element).closest("button") && void props.runs.show(entry.runId)}>
                    <td><span class="rp-pill" data-status={entry.status}>{statusLabel(entry.status)}</span></td>
                    <td>
                      <button class="rp-link" onClick={() => void props.runs.show(entry.runId)} aria-label={`Show the run started ${formatDateTime(entry.startedAt)}`}>
                        {formatDateTime(entry.startedAt)}
                      </button>
                    </td>
                    <td>{entry.finishedAt !== undefined ? formatDuration(entry.finishedAt - entry.startedAt) : entry.status === "running" ? `${formatDuration(props.now() - entry.startedAt)} so far` : "—"}</td>
                    <td class="rp-mono muted" title={entry.runId}>{shortRunId(entry.runId)}</td>
                  </tr>
                )}
              </For>
            </tbody>
          </table>
        </Show>
      </div>
      {/* Settings of this browser's history: room for the team run opened beside the list instead. */}
      <aside class="rp-settings" aria-label="Settings" hidden={view() === "team"}>
        <h3 class="panel-title">Settings</h3>
        <RetentionSetting db={props.runs.db} />
      </aside>
    </div>
  );
}
