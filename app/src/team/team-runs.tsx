import { createResource, createSignal, For, onCleanup, Show } from "solid-js";
import type { TeamStore } from "./team-store.ts";
import { getTeamRun, listTeamRuns, type TeamRunSummary } from "./team-api.ts";
import { formatDateTime, formatDuration, shortRunId } from "../runs/format.ts";

interface TeamRunNode {
  readonly status: string;
  readonly attempts?: number;
  readonly runner?: string;
  readonly error?: { message: string };
}

/**
 * "Team runs": the flow's headless runs on the team's hub (API, webhook, schedule), newest
 * first, refreshed every few seconds while shown; opening one lists its nodes, each with its
 * status and the runner that ran it.
 */
export function TeamRuns(props: { team: TeamStore; flowId: string }) {
  const [tick, setTick] = createSignal(0);
  const timer = setInterval(() => setTick(tick() + 1), 4_000);
  onCleanup(() => clearInterval(timer));
  const [runs] = createResource(() => ({ team: props.team.connection(), tick: tick() }), ({ team }) => (team ? listTeamRuns(team, props.flowId) : undefined));
  const [opened, setOpened] = createSignal<string>();
  const [detail] = createResource(() => ({ team: props.team.connection(), runId: opened(), tick: tick() }), ({ team, runId }) => (team && runId ? getTeamRun(team, runId) : undefined));
  const list = () => {
    const result = runs.latest;
    return result?.ok ? result.value.runs : [];
  };
  const nodes = () => {
    const result = detail.latest;
    return result?.ok ? Object.entries((result.value.nodes ?? {}) as Record<string, TeamRunNode>) : [];
  };

  return (
    <div class="rp-scroll" aria-label="Team runs">
      <Show when={props.team.connection()} fallback={<p class="rp-empty">Not connected to a team: open Team to join one.</p>}>
        <Show when={runs.latest && !runs.latest.ok ? runs.latest : undefined}>{(failed) => <p class="error-text" role="alert">{failed().ok ? "" : failed().message}</p>}</Show>
        <Show when={list().length} fallback={<p class="rp-empty">No team runs of this flow yet (publish it to the team, then trigger it).</p>}>
          <table class="rp-history-table">
            <thead>
              <tr><th scope="col">Status</th><th scope="col">Trigger</th><th scope="col">Started</th><th scope="col">Duration</th><th scope="col">Run</th></tr>
            </thead>
            <tbody>
              <For each={list()}>
                {(run) => (
                  <tr data-team-run={run.runId} classList={{ "rp-history-shown": run.runId === opened() }}>
                    <td><span class="rp-pill" data-status={run.status}>{run.status}</span></td>
                    <td>{run.trigger ?? "—"}</td>
                    <td>{run.startedAt ? formatDateTime(Date.parse(run.startedAt)) : "—"}</td>
                    <td>{duration(run)}</td>
                    <td><button class="rp-link rp-mono" onClick={() => setOpened(run.runId)} title={run.runId}>{shortRunId(run.runId)}</button></td>
                  </tr>
                )}
              </For>
            </tbody>
          </table>
        </Show>
        <Show when={opened()}>
          <table class="rp-history-table" aria-label="Team run nodes">
            <thead>
              <tr><th scope="col">Node</th><th scope="col">Status</th><th scope="col">Runner</th><th scope="col">Attempts</th><th scope="col">Error</th></tr>
            </thead>
            <tbody>
              <For each={nodes()}>
                {([id, node]) => (
                  <tr data-team-node={id}>
                    <td>{id}</td>
                    <td><span class="rp-pill" data-status={node.status}>{node.status}</span></td>
                    <td>{node.runner ?? "—"}</td>
                    <td>{node.attempts ?? 0}</td>
                    <td>{node.error?.message ?? ""}</td>
                  </tr>
                )}
              </For>
            </tbody>
          </table>
        </Show>
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
