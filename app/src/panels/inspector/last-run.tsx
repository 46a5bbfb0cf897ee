import { createMemo, Show } from "solid-js";
import type { RunState } from "@nexus-flow/shared";
import { DataPane } from "../../runs/data-pane.tsx";
import { hasRun } from "../../runs/data-tab.tsx";
import { inputOfNode } from "../../runs/node-input-of.ts";

/**
 * The selected node in the run shown on the canvas: its status, its error, and what went in
 * and came out (collapsed JSON trees with Copy buttons), where people look for it after a
 * run, as in n8n. The run panel's tabs have the rest (log, timeline, every node's data).
 */
export function LastRun(props: { run: RunState; nodeId: string }) {
  const record = () => props.run.nodes[props.nodeId]!;
  const attempts = () => (record().attempts > 1 ? ` · ${record().attempts} attempts` : record().attempts === 1 ? " · 1 attempt" : "");
  const ran = () => hasRun(record());
  const input = createMemo(() => (ran() ? inputOfNode(props.run, props.nodeId) : undefined));
  return (
    <section class="inspector-section" aria-label="Last run">
      <h3 class="inspector-section-title">Last run</h3>
      <p class="run-status">
        <span class="status-dot" style={{ background: `var(--status-${record().status})` }} aria-hidden="true" />
        <span class="run-status-name">{record().status}</span>
        <span class="muted">{attempts()}</span>
      </p>
      <Show when={record().error}>
        {(error) => (
          <p class="run-error">
            <code>{error().code}</code> {error().message}
          </p>
        )}
      </Show>
      <Show when={ran()}>
        <div class="last-run-data">
          <DataPane title="Input" label="Last run, what went in" copyLabel="Copy last run input" value={input()} openDepth={0} />
          <DataPane title="Output" label="Last run, what came out" copyLabel="Copy last run output" value={record().output} openDepth={0} empty={record().status === "succeeded" ? "null" : "No output (yet)."} />
        </div>
      </Show>
    </section>
  );
}
