import { For, Show, type JSX } from "solid-js";
import { formatDateTime, formatDuration, shortRunId } from "../runs/format.ts";
import { dashboardRunHash } from "../routes.ts";
import { flowFailures, formatRate, type TeamStats } from "./dashboard-stats.ts";

/** A small table with a caption; `empty` is said instead when there are no rows. */
function Table<T>(props: { caption: string; head: readonly string[]; rows: readonly T[]; empty: string; row: (item: T) => JSX.Element }) {
  return (
    <Show when={props.rows.length > 0} fallback={<p class="muted" aria-label={props.caption}>{props.empty}</p>}>
      <table class="dash-table" aria-label={props.caption}>
        <thead>
          <tr><For each={props.head}>{(cell) => <th scope="col">{cell}</th>}</For></tr>
        </thead>
        <tbody><For each={props.rows}>{props.row}</For></tbody>
      </table>
    </Show>
  );
}

export function FlowFailuresTable(props: { stats: TeamStats }) {
  return (
    <Table caption="Failures per flow" head={["Flow", "Runs", "Failed", "Success"]} rows={flowFailures(props.stats)} empty="No runs in this period." row={(flow) => (
      <tr data-flow={flow.flowId}>
        <td>{flow.flowId}</td>
        <td>{flow.runs}</td>
        <td>{flow.failed}</td>
        <td>{formatRate(flow.runs ? (flow.runs - flow.failed) / flow.runs : null)}</td>
      </tr>
    )} />
  );
}

export function NodeFailuresTable(props: { stats: TeamStats }) {
  const rows = () => Object.entries(props.stats.nodes).sort((a, b) => b[1].failures - a[1].failures);
  return (
    <Table caption="Failing nodes" head={["Node", "Failures", "Retries"]} rows={rows()} empty="No node failed in this period." row={([node, entry]) => (
      <tr data-node={node}>
        <td>{node}</td>
        <td>{entry.failures}</td>
        <td>{entry.retries}</td>
      </tr>
    )} />
  );
}

/**
 * The newest failures, each naming its flow, failing node and error. The run id opens the run
 * here (its Log and Timeline at the failing node); the flow's name opens the flow.
 */
export function LatestFailuresTable(props: { stats: TeamStats; openedRunId?: string | undefined }) {
  return (
    <Table caption="Latest failures" head={["When", "Flow", "Node", "Error", "Run"]} rows={props.stats.latestFailures} empty="No failures in this period." row={(failure) => (
      <tr data-failed-run={failure.runId} aria-current={failure.runId === props.openedRunId ? "true" : undefined}>
        <td>{failure.finishedAt ? formatDateTime(Date.parse(failure.finishedAt)) : "—"}</td>
        <td><a class="rp-link" href={`#/flow/${encodeURIComponent(failure.flowId)}`} title={`Open the flow ${failure.flowId} in the editor`}>{failure.flowId}</a></td>
        <td>{failure.nodeId ?? "—"}</td>
        <td>{failure.message}</td>
        <td>
          <a class="rp-link rp-mono" href={dashboardRunHash(failure.runId, failure.nodeId)} aria-label={`Open run ${failure.runId}${failure.nodeId ? ` at node ${failure.nodeId}` : ""}`} title={`Run ${failure.runId}: its Log and Timeline${failure.nodeId ? ` at ${failure.nodeId}` : ""}`}>
            {shortRunId(failure.runId)}
          </a>
        </td>
      </tr>
    )} />
  );
}

/** The throughput chart's numbers as a table (the chart is a canvas; this is what it shows). */
export function ThroughputTable(props: { stats: TeamStats }) {
  const rows = () => props.stats.throughput.buckets.filter((bucket) => bucket.succeeded + bucket.failed + bucket.other > 0);
  return (
    <details class="dash-details">
      <summary>Throughput as a table (per {formatDuration(props.stats.throughput.bucketMs)})</summary>
      <Table caption="Throughput" head={["From", "Succeeded", "Failed or cancelled"]} rows={rows()} empty="No run finished in this period." row={(bucket) => (
        <tr>
          <td>{formatDateTime(Date.parse(bucket.at))}</td>
          <td>{bucket.succeeded}</td>
          <td>{bucket.failed + bucket.other}</td>
        </tr>
      )} />
    </details>
  );
}
