import { noRunText } from "./panel-helpers.ts";
import { createMemo, createSignal, For, Show } from "solid-js";
import type { ShownRun } from "./panel-helpers.ts";
import { createLogLines, LogLevel, type LogLine } from "./log-lines.ts";
import { formatClock } from "./format.ts";

/** Lines rendered at once; a 10,000-node run has ~30,000 and the newest matter most. */
const maxLines = 500;
const levelRank: Record<LogLevel, number> = { info: 0, warn: 1, error: 2 };

export interface LogTabProps {
  readonly runs: ShownRun;
  readonly label: (nodeId: string) => string;
  readonly onNode: (nodeId: string) => void;
  /** The node filter to start with (a Dashboard failure link opens the log at the failing node). */
  readonly initialNode?: string | undefined;
}

/** Every event of the shown run as a readable line, filtered by node and by level. */
export function LogTab(props: LogTabProps) {
  const [node, setNode] = createSignal(props.initialNode ?? "");
  const [level, setLevel] = createSignal<LogLevel>(LogLevel.Info);
  const toLines = createLogLines();
  const lines = createMemo(() => {
    const view = props.runs.view();
    return view ? toLines(view.events) : [];
  });
  // The run's flow keeps its identity across batches, so the options are built once per run.
  const flow = createMemo(() => props.runs.shown()?.flow);
  const nodeIds = createMemo(() => flow()?.nodes.map((node) => node.id) ?? []);
  const filtered = createMemo(() => {
    const wanted = node();
    const min = levelRank[level()];
    return lines().filter((line) => (!wanted || line.nodeId === wanted) && levelRank[line.level] >= min);
  });
  const visible = createMemo(() => filtered().slice(-maxLines));

  return (
    <div class="rp-tab-content rp-log">
      <div class="rp-toolbar">
        <select class="input rp-select" aria-label="Filter by node" value={node()} onChange={(event) => setNode(event.currentTarget.value)}>
          <option value="">All nodes</option>
          <For each={nodeIds().slice(0, 2000)}>{(id) => <option value={id} title={id} selected={id === node()}>{props.label(id)}</option>}</For>
        </select>
        <select class="input rp-select" aria-label="Filter by level" value={level()} onChange={(event) => setLevel(event.currentTarget.value as LogLevel)}>
          <option value="info">Info and up</option>
          <option value="warn">Warnings and errors</option>
          <option value="error">Errors only</option>
        </select>
        <Show when={filtered().length > maxLines}>
          <span class="muted">Showing the last {maxLines.toLocaleString()} of {filtered().length.toLocaleString()} lines</span>
        </Show>
      </div>
      <Show when={props.runs.view()} fallback={<p class="rp-empty">{noRunText(props.runs)}</p>}>
        <Show when={visible().length} fallback={<p class="rp-empty">No lines match the filter.</p>}>
          {/* column-reverse keeps the view on the newest line while scrolled to the bottom, with no JS (no forced layout per batch). */}
          <div class="rp-scroll rp-stick-bottom" role="log" aria-label="Run log">
            <div>
              <For each={visible()}>{(line) => <LogRow line={line} label={props.label} onNode={props.onNode} />}</For>
            </div>
          </div>
        </Show>
      </Show>
    </div>
  );
}

function LogRow(props: { line: LogLine; label: (id: string) => string; onNode: (id: string) => void }) {
  return (
    <div class="rp-log-line" data-level={props.line.level}>
      <time class="rp-log-time" dateTime={new Date(props.line.at).toISOString()}>{formatClock(props.line.at)}</time>
      <span class="rp-log-node">
        <Show when={props.line.nodeId} fallback={<span class="muted">run</span>}>
          {(id) => (
            <button class="rp-link" title={`Show the data of ${props.label(id())} (${id()})`} onClick={() => props.onNode(id())}>
              {props.label(id())}
            </button>
          )}
        </Show>
      </span>
      <span class="rp-pill" data-status={props.line.status}>{props.line.status}</span>
      <span class="rp-log-message">{props.line.message}</span>
    </div>
  );
}
