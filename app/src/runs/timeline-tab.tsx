import { noRunText } from "./panel-helpers.ts";
import { createMemo, For, Show, type Accessor } from "solid-js";
import type { ShownRun } from "./panel-helpers.ts";
import { SpanKind, timelineOf, type Span, type TimelineRow } from "./timeline.ts";
import { formatDuration } from "./format.ts";

/** Rows drawn at once; a 10,000-node run shows its first ones and says how many are left out. */
const maxRows = 300;

export interface TimelineTabProps {
  readonly runs: ShownRun;
  readonly label: (nodeId: string) => string;
  readonly now: Accessor<number>;
  readonly onNode: (nodeId: string) => void;
  /** A node to mark and scroll to (a Dashboard failure link opens the timeline at the failing node). */
  readonly focusNode?: string | undefined;
}

/** A Gantt chart of the shown run: each node's attempts, retry waits, delays and approvals. */
export function TimelineTab(props: TimelineTabProps) {
  const timeline = createMemo(() => {
    const view = props.runs.view();
    return view ? timelineOf(view.events) : undefined;
  });
  const range = createMemo(() => {
    const t = timeline();
    const state = props.runs.shown();
    if (!t || !state) return { start: 0, span: 1 };
    const end = state.finishedAt ?? Math.max(t.end, props.runs.view()?.live ? props.now() : t.end);
    return { start: t.start, span: Math.max(1, end - t.start) };
  });
  const ticks = createMemo(() => tickMarks(range().span));
  const pct = (at: number) => `${((at - range().start) / range().span) * 100}%`;
  const width = (span: Span) => {
    const end = span.end ?? range().start + range().span;
    return `max(2px, ${((end - span.start) / range().span) * 100}%)`;
  };

  return (
    <div class="rp-tab-content rp-timeline">
      <Show when={timeline()} fallback={<p class="rp-empty">{noRunText(props.runs)}</p>}>
        {(t) => (
          <>
            <div class="rp-toolbar rp-legend" aria-label="Legend">
              <span><i class="rp-swatch" data-kind="running" />Attempt</span>
              <span><i class="rp-swatch" data-kind="running" data-outcome="failed" />Failed attempt</span>
              <span><i class="rp-swatch" data-kind="backoff" />Waiting to retry</span>
              <span><i class="rp-swatch" data-kind="waiting" />Delay / approval</span>
              <span><i class="rp-swatch" data-kind="queued" />Queued</span>
              <Show when={t().rows.length > maxRows}>
                <span class="muted">First {maxRows} of {t().rows.length.toLocaleString()} nodes</span>
              </Show>
            </div>
            <div class="rp-scroll">
              <div class="rp-gantt" role="table" aria-label="Timeline" style={{ "--tick-step": `${((ticks()[1] ?? range().span) / range().span) * 100}%` }}>
                <div class="rp-gantt-axis" role="row">
                  <span role="columnheader" class="rp-gantt-label muted">Node</span>
                  <div class="rp-gantt-track" role="columnheader">
                    <For each={ticks()}>{(tick) => <span class="rp-tick" style={{ left: `${(tick / range().span) * 100}%` }}>{formatDuration(tick)}</span>}</For>
                  </div>
                </div>
                <For each={t().rows.slice(0, maxRows)}>
                  {(row) => <GanttRow row={row} label={props.label} pct={pct} width={width} onNode={props.onNode} focused={row.nodeId === props.focusNode} />}
                </For>
              </div>
            </div>
          </>
        )}
      </Show>
    </div>
  );
}

function GanttRow(props: { row: TimelineRow; label: (id: string) => string; pct: (at: number) => string; width: (span: Span) => string; onNode: (id: string) => void; focused?: boolean }) {
  return (
    <div class="rp-gantt-row" role="row" aria-current={props.focused ? "true" : undefined} ref={(row) => props.focused && queueMicrotask(() => row.scrollIntoView({ block: "nearest" }))}>
      <span role="rowheader" class="rp-gantt-label">
        <button class="rp-link" title={props.row.nodeId} onClick={() => props.onNode(props.row.nodeId)}>{props.label(props.row.nodeId)}</button>
      </span>
      <div class="rp-gantt-track" role="cell">
        <Show when={props.row.spans.length === 0}>
          <span class="rp-gantt-note muted">{props.row.reused ? "reused from the earlier run" : props.row.skipped ? "skipped" : ""}</span>
        </Show>
        <For each={props.row.spans}>
          {(span) => (
            <span
              class="rp-bar"
              data-kind={span.kind}
              data-outcome={span.outcome ?? (span.end === undefined ? "open" : "")}
              style={{ left: props.pct(span.start), width: props.width(span) }}
              title={describeSpan(span)}
            />
          )}
        </For>
      </div>
    </div>
  );
}

function describeSpan(span: Span): string {
  const took = span.end === undefined ? "so far" : formatDuration(span.end - span.start);
  switch (span.kind) {
    case SpanKind.Queued:
      return `Queued for a free slot: ${took}`;
    case SpanKind.Backoff:
      return `Waiting before retrying: ${took}`;
    case SpanKind.Waiting:
      return `${span.reason === "approval" ? "Waiting for approval" : "Delay"}: ${took}`;
    case SpanKind.Running:
      return `Attempt ${span.attempt ?? 1}${span.outcome ? ` ${span.outcome}` : " running"}: ${took}`;
  }
}

/** About five round-numbered ticks across `span` ms. */
function tickMarks(span: number): number[] {
  const steps = [1, 2, 5, 10, 20, 50, 100, 200, 500, 1000, 2000, 5000, 10_000, 15_000, 30_000, 60_000, 120_000, 300_000, 600_000, 1_800_000, 3_600_000, 7_200_000, 21_600_000, 86_400_000];
  const step = steps.find((candidate) => span / candidate <= 6) ?? span / 5;
  const ticks: number[] = [];
  for (let at = 0; at <= span; at += step) ticks.push(at);
  return ticks;
}
