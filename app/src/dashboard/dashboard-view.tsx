import { createEffect, createSignal, For, on, onCleanup, Show } from "solid-js";
import type { AppContext } from "../app-context.ts";
import { teamCall, type TeamResult } from "../team/team-api.ts";
import { TeamButton } from "../team/team-panel.tsx";
import { addSample, figuresOf, throughputSeries, throughputSummary, type Sample, type TeamStats } from "./dashboard-stats.ts";
import { FlowFailuresTable, LatestFailuresTable, NodeFailuresTable, ThroughputTable } from "./dashboard-tables.tsx";
import { TimeChart } from "./time-chart.tsx";
import { createOpenedRun, DashboardRunSection } from "./dashboard-run.tsx";
import { watchRunsChanged } from "./runs-changed.ts";
import "./dashboard.css";

/** Each period with a bucket width that gives its throughput chart a few dozen bars. */
const periods = [
  { label: "Last 15 minutes", ms: 15 * 60_000, bucketMs: 15_000 },
  { label: "Last hour", ms: 3_600_000, bucketMs: 60_000 },
  { label: "Last 24 hours", ms: 24 * 3_600_000, bucketMs: 15 * 60_000 },
  { label: "All time", ms: 0, bucketMs: 3_600_000 },
] as const;

/** How often the Dashboard asks the hub when its "runs changed" socket is down: often enough to look live. */
export const dashboardPollMs = 2_000;
/** With the socket up, pushes drive refreshes; this slow poll still samples the runner gauges (node jobs push nothing). */
export const dashboardSlowPollMs = 10_000;
/** A burst of pushes refreshes at most this often. */
const refreshGapMs = 500;

/**
 * The Dashboard (`#/dashboard`): how the team's headless runs are doing, from the hub's
 * `/api/stats`, fetched again when the hub pushes "runs changed" (throttled), with a slow
 * poll beside it, or a quick one while the push socket is down. Figures as text, charts
 * (uPlot) with their numbers in words and tables beside them, and the latest failures.
 */
export function DashboardView(props: { context: AppContext }) {
  const team = props.context.team;
  const [period, setPeriod] = createSignal<number>(periods[1].ms);
  const [result, setResult] = createSignal<TeamResult<TeamStats>>();
  const [samples, setSamples] = createSignal<Sample[]>([]);
  let polling = false;
  let again = false; // a push came while a fetch was under way: fetch once more after it
  let lastPollAt = 0;
  const poll = async (): Promise<void> => {
    const connection = team.connection();
    if (!connection) return;
    if (polling) return void (again = true);
    polling = true;
    again = false;
    lastPollAt = Date.now();
    const since = period() ? Date.now() - period() : 0;
    const bucketMs = periods.find((option) => option.ms === period())?.bucketMs ?? 60_000;
    const answer = await teamCall<TeamStats>(connection, "GET", `/api/stats?since=${since}&bucketMs=${bucketMs}`).finally(() => (polling = false));
    setResult(answer);
    if (answer.ok) setSamples(addSample(samples(), answer.value, Date.now()));
    if (again) refreshSoon();
  };
  let pending: ReturnType<typeof setTimeout> | undefined;
  const refreshSoon = () => (pending ??= setTimeout(() => ((pending = undefined), void poll()), Math.max(0, lastPollAt + refreshGapMs - Date.now())));
  onCleanup(() => clearTimeout(pending));
  // One push socket per team connection, re-made when the team changes.
  const [pushed, setPushed] = createSignal(false);
  createEffect(on(team.connection, (connection) => {
    if (!connection) {
      setPushed(false);
      return;
    }
    const live = watchRunsChanged(connection, refreshSoon);
    createEffect(() => setPushed(live()));
  }));
  const pollMs = () => (pushed() ? dashboardSlowPollMs : dashboardPollMs);
  let timer: ReturnType<typeof setInterval> | undefined;
  createEffect(on(pollMs, (every) => (clearInterval(timer), (timer = setInterval(() => void poll(), every)))));
  onCleanup(() => clearInterval(timer));
  void poll();
  const problem = () => {
    const answer = result();
    return answer && !answer.ok ? answer.message : undefined;
  };
  const stats = () => {
    const answer = result();
    return answer?.ok ? answer.value : undefined;
  };
  const openedRun = createOpenedRun();

  return (
    <div class="app">
      <header class="toolbar" role="toolbar" aria-label="Dashboard">
        <span class="brand"><img src="/icon.svg" width="22" height="22" alt="" />Nexus Flow</span>
        <a class="button dash-nav" href="#/">Flows</a>
        <h1 class="flow-name" style={{ margin: 0 }}>Dashboard</h1>
        <span class="spacer" />
        <TeamButton team={team} />
      </header>
      <main class="dashboard" aria-busy={stats() ? "false" : "true"}>
        <div class="dash-controls">
          <label class="label" for="dash-period">Period</label>
          <select id="dash-period" class="input" value={period()} onChange={(event) => (setPeriod(Number(event.currentTarget.value)), setSamples([]), void poll())}>
            <For each={periods}>{(option) => <option value={option.ms}>{option.label}</option>}</For>
          </select>
          <span class="muted" role="status" data-pushed={pushed() ? "true" : "false"}>{stats() ? (pushed() ? "Live: updated as runs start and end (the team's hub tells this page)" : `Live: updated every ${dashboardPollMs / 1000} s from the team's hub`) : ""}</span>
        </div>
        <Show when={team.connection()} fallback={<p class="muted">Not connected to a team: the Dashboard shows a team's headless runs. Open Team to join one.</p>}>
          <Show when={problem()}>{(message) => <p class="error-text" role="alert">{message()}</p>}</Show>
          <Show when={stats()}>{(current) => <DashboardBody stats={current()} samples={samples()} stepSeconds={pollMs() / 1000} openedRunId={openedRun()?.runId} />}</Show>
          {/* Keyed: another failure's link closes the previous run's socket and opens afresh. */}
          <Show when={team.connection() && openedRun()} keyed>{(run) => <DashboardRunSection team={team.connection()!} run={run} />}</Show>
        </Show>
      </main>
    </div>
  );
}

function DashboardBody(props: { stats: TeamStats; samples: readonly Sample[]; stepSeconds: number; openedRunId: string | undefined }) {
  const utilisation = () => [props.samples.map((s) => s.at / 1000), props.samples.map((s) => s.running), props.samples.map((s) => s.slots), props.samples.map((s) => s.queueDepth)] as [number[], number[], number[], number[]];
  const utilisationSummary = () => {
    const last = props.samples[props.samples.length - 1];
    return last ? `Runner utilisation: ${last.running} of ${last.slots} slots in use, ${last.queueDepth} jobs queued.` : "Runner utilisation: no sample yet.";
  };
  return (
    <>
      <dl class="dash-figures" aria-label="Figures">
        <For each={figuresOf(props.stats)}>
          {(figure) => (
            <div class="dash-figure" data-figure={figure.key} data-value={figure.value ?? ""}>
              <dt>{figure.label}</dt>
              <dd>{figure.text}</dd>
            </div>
          )}
        </For>
      </dl>
      <div class="dash-charts">
        <div>
          <TimeChart title="Throughput: runs finished" yLabel="runs" data={() => throughputSeries(props.stats)} stepSeconds={() => props.stats.throughput.bucketMs / 1000} summary={() => throughputSummary(props.stats)}
            series={[{ label: "Succeeded", colorVar: "--status-succeeded", bars: true }, { label: "Failed or cancelled", colorVar: "--status-failed", bars: true }]} />
          <ThroughputTable stats={props.stats} />
        </div>
        <TimeChart title="Runner utilisation (live)" yLabel="slots / jobs" data={utilisation} stepSeconds={() => props.stepSeconds} summary={utilisationSummary}
          series={[{ label: "Slots in use", colorVar: "--status-running" }, { label: "Slots", colorVar: "--text-3" }, { label: "Jobs queued", colorVar: "--status-retrying" }]} />
      </div>
      <div class="dash-sections">
        <section class="dash-section" aria-labelledby="dash-flows"><h2 id="dash-flows">Failures per flow</h2><FlowFailuresTable stats={props.stats} /></section>
        <section class="dash-section" aria-labelledby="dash-nodes"><h2 id="dash-nodes">Failing nodes</h2><NodeFailuresTable stats={props.stats} /></section>
        <section class="dash-section dash-wide" aria-labelledby="dash-latest"><h2 id="dash-latest">Latest failures</h2><LatestFailuresTable stats={props.stats} openedRunId={props.openedRunId} /></section>
      </div>
    </>
  );
}
