import { createResource, createSignal, For, onCleanup, Show } from "solid-js";
import type { EditorSession } from "../editor/editor-session.ts";
import type { TeamStore } from "./team-store.ts";
import { listTeamRuns, type TeamRunFilters, type TeamRunSummary } from "./team-api.ts";
import { formatDateTime, formatDuration, shortRunId } from "../runs/format.ts";
import { statusLabel } from "../runs/panel-helpers.ts";
import { TeamRunDetail } from "./team-run-detail.tsx";

const statuses = ["queued", "running", "waiting", "succeeded", "failed", "cancelled"];
const triggers = ["api", "webhook", "schedule"];

/**
 * "Team runs": the flow's headless runs on the team's hub (API, webhook, schedule), newest
 * first, filtered by status, trigger and runner at the hub, refreshed every few seconds while
 * shown; opening one shows its Log, Timeline and Data live (team-run-detail.tsx).
 */
export function TeamRuns(props: { team: TeamStore; flowId: string; session: EditorSession }) {
  const [tick, setTick] = createSignal(0);
  const timer = setInterval(() => setTick(tick() + 1), 2_000);
  onCleanup(() => clearInterval(timer));
  const [filters, setFilters] = createSignal<TeamRunFilters>({});
  const [runs] = createResource(() => ({ team: props.team.connection(), filters: filters(), tick: tick() }), ({ team, filters }) => (team ? listTeamRuns(team, props.flowId, filters) : undefined));
  const [opened, setOpened] = createSignal<string>();
  const list = () => {
    const result = runs.latest;
    return result?.ok ? result.value.runs : [];
  };
  const runnerNames = () => [...new Set([...props.team.runners().map((runner) => runner.name), ...list().flatMap((run) => run.runners ?? [])])].sort();
  const filter = (key: keyof TeamRunFilters) => (event: Event & { currentTarget: HTMLSelectElement }) => setFilters({ ...filters(), [key]: event.currentTarget.value });

  return (
    <div class="team-runs" aria-label="Team runs">
      <Show when={props.team.connection()} fallback={<p class="rp-empty">Not connected to a team: open Team to join one.</p>}>
        {(team) => (
          <>
            <div class="rp-scroll team-runs-list">
              <div class="rp-toolbar" role="group" aria-label="Filter team runs">
                <select class="input rp-select" aria-label="Filter by status" value={filters().status ?? ""} onChange={filter("status")}>
                  <option value="">Any status</option>
                  <For each={statuses}>{(status) => <option value={status}>{statusLabel(status)}</option>}</For>
                </select>
                <select class="input rp-select" aria-label="Filter by trigger" value={filters().trigger ?? ""} onChange={filter("trigger")}>
                  <option value="">Any trigger</option>
                  <For each={triggers}>{(trigger) => <option value={trigger}>{trigger}</option>}</For>
                </select>
                <select class="input rp-select" aria-label="Filter by runner" value={filters().runner ?? ""} onChange={filter("runner")}>
                  <option value="">Any runner</option>
                  <For each={runnerNames()}>{(name) => <option value={name}>{name}</option>}</For>
                </select>
              </div>
              <Show when={runs.latest && !runs.latest.ok ? runs.latest : undefined}>{(failed) => <p class="error-text" role="alert">{failed().ok ? "" : failed().message}</p>}</Show>
              <Show when={list().length} fallback={<p class="rp-empty">No team runs of this flow{Object.values(filters()).some(Boolean) ? " match these filters" : " yet (publish it to the team, then trigger it)"}.</p>}>
                <table class="rp-history-table">
                  <thead>
                    <tr><th scope="col">Status</th><th scope="col">Trigger</th><th scope="col">Started</th><th scope="col">Duration</th><th scope="col">Runner</th><th scope="col">Run</th></tr>
                  </thead>
                  <tbody>
                    <For each={list()}>
                      {(run) => (
                        <tr data-team-run={run.runId} classList={{ "rp-history-shown": run.runId === opened() }}>
                          <td><span class="rp-pill" data-status={run.status}>{run.status}</span></td>
                          <td>{run.trigger ?? "—"}</td>
                          <td>{run.startedAt ? formatDateTime(Date.parse(run.startedAt)) : "—"}</td>
                          <td>{duration(run)}</td>
                          <td>{run.runners?.join(", ") || "—"}</td>
                          <td><button class="rp-link rp-mono" aria-label={`Open team run ${run.runId}`} onClick={() => setOpened(run.runId)} title={run.runId}>{shortRunId(run.runId)}</button></td>
                        </tr>
                      )}
                    </For>
                  </tbody>
                </table>
              </Show>
            </div>
            {/* Keyed: opening another run closes the previous run's socket and starts afresh. */}
            <Show when={opened()} keyed>{(runId) => <TeamRunDetail team={team()} runId={runId} session={props.session} />}</Show>
          </>
        )}
      </Show>
    </div>
  );
}

function duration(run: TeamRunSummary): string {
  const started = run.startedAt ? Date.parse(run.startedAt) : NaN;
  if (!Number.isFinite(started)) return "—";
  const finished = run.finishedAt ? Date.parse(run.finishedAt) : NaN;
  return Number.isFinite(finished) ? formatDuration(finished - started) : `${formatDuration(Date.now() - started)} so far`;
}
