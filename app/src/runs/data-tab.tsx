import { createMemo, For, Show } from "solid-js";
import type { NodeRecord } from "@nexus-flow/shared";
import type { ShownRun } from "./panel-helpers.ts";
import type { EditorSession } from "../editor/editor-session.ts";
import { DataPane } from "./data-pane.tsx";
import { formatDuration, shortRunId } from "./format.ts";
import { statusLabel, noRunText } from "./panel-helpers.ts";
import { inputOfNode } from "./node-input-of.ts";

const maxOptions = 2000;

export interface DataTabProps {
  readonly runs: ShownRun;
  /** The open flow's editor, if any (a team run opened from the Dashboard has none). */
  readonly session?: EditorSession | undefined;
  readonly label: (nodeId: string) => string;
  /** The node shown: the one selected on the canvas, or chosen here. */
  readonly node: string | undefined;
  readonly onNode: (nodeId: string) => void;
}

/** The chosen node's input and output in the shown run, as JSON trees with Copy buttons. */
export function DataTab(props: DataTabProps) {
  const run = () => props.runs.shown();
  const flow = createMemo(() => run()?.flow); // same object across batches: options built once per run
  const ids = createMemo(() => {
    const all = flow()?.nodes.map((node) => node.id) ?? Object.keys(props.session?.view.nodes ?? {});
    const some = all.slice(0, maxOptions);
    return props.node && !some.includes(props.node) && all.includes(props.node) ? [props.node, ...some] : some;
  });
  const record = () => (props.node ? run()?.nodes[props.node] : undefined);
  const input = createMemo(() => {
    const state = run();
    const rec = record();
    return state && rec && props.node && hasRun(rec) ? inputOfNode(state, props.node) : undefined;
  });

  return (
    <div class="rp-tab-content rp-data">
      <div class="rp-toolbar">
        <select class="input rp-select" aria-label="Node" value={props.node ?? ""} onChange={(event) => props.onNode(event.currentTarget.value)}>
          <option value="" disabled>Choose a node…</option>
          <For each={ids()}>{(id) => <option value={id} title={id}>{props.label(id)}</option>}</For>
        </select>
        <Show when={record()}>{(rec) => <span class="rp-pill" data-status={rec().status}>{statusLabel(rec().status)}</span>}</Show>
        <Show when={record()}>{(rec) => <span class="muted">{describeRecord(rec())}</span>}</Show>
      </div>
      <Show when={run()} fallback={<p class="rp-empty">{noRunText(props.runs)}</p>}>
        <Show when={props.node} fallback={<p class="rp-empty">Select a node on the canvas, or choose one above, to see what went in and what came out.</p>}>
          <Show when={record() && hasRun(record()!)} fallback={<p class="rp-empty">{notRunReason(record())}</p>}>
            <div class="rp-data-body">
              <Show when={record()!.error}>
                {(error) => (
                  <div class="rp-node-error">
                    <strong>{record()!.status === "retrying" ? "Last attempt failed" : "Failed"}</strong>: {error().message}
                    <span class="muted"> ({error().code}{error().retryable ? ", retryable" : ""})</span>
                  </div>
                )}
              </Show>
              <div class="rp-data-columns">
                <DataPane title="Input" value={input()} />
                <DataPane title="Output" value={record()!.output} empty={record()!.status === "succeeded" ? "null" : "No output (yet)."} />
              </div>
            </div>
          </Show>
        </Show>
      </Show>
    </div>
  );
}

/** Whether a node has data to show in a run: it ran, or its result was reused. */
export const hasRun = (record: NodeRecord) => record.attempts > 0 || record.reusedFrom !== undefined || record.output !== undefined;

function notRunReason(record: NodeRecord | undefined): string {
  if (!record) return "This node is not part of the shown run (it was added later).";
  if (record.status === "skipped") return "Skipped: the branch leading here was not taken, so it has no data.";
  if (record.status === "cancelled") return "Cancelled before it ran.";
  if (record.status === "queued") return "Queued: waiting for a free slot.";
  return "Has not run yet.";
}

function describeRecord(record: NodeRecord): string {
  const parts: string[] = [];
  if (record.attempts > 1) parts.push(`${record.attempts} attempts`);
  if (record.startedAt !== undefined && record.finishedAt !== undefined) parts.push(formatDuration(record.finishedAt - record.startedAt));
  if (record.port && record.port !== "out") parts.push(`took the "${record.port}" branch`);
  if (record.reusedFrom) parts.push(`reused from run ${shortRunId(record.reusedFrom)}`);
  return parts.join(" · ");
}
