import { createMemo, lazy, Show } from "solid-js";
import { ownValue, type RunState } from "@nexus-flow/shared";
import type { EditorSession } from "../../editor/editor-session.ts";
import { removeElements, setNodeField } from "../../flow-doc/index.ts";
import { nodeVisual } from "../../ui/node-visuals.ts";
import { configFields } from "./config-fields.ts";
import { ConfigForm } from "./config-form.tsx";
import { NodeSettings, nodeSettingPaths } from "./node-settings.tsx";
import { placeIssues } from "./field-issues.ts";
import { IssueList } from "./issue-list.tsx";
import { TextControl } from "./controls.tsx";
import { Field } from "./field.tsx";
import { commitEdit, fieldId } from "./edit.ts";
import { InspectorHeader } from "./inspector-header.tsx";
import { LastRun } from "./last-run.tsx";
import { RunsOn } from "./runs-on.tsx";
import { WebhookPanel } from "./webhook-panel.tsx";
// Loaded with the first schedule node shown: cronstrue and croner stay out of the first load.
const SchedulePanel = lazy(() => import("./schedule-panel.tsx").then((module) => ({ default: module.SchedulePanel })));
import { PinData } from "./pin-data.tsx";
import type { TeamStore } from "../../team/team-store.ts";
import { CompletionScopeContext } from "../../ui/completion-popup.ts";
import { completionScopeOf } from "./completion-scope.ts";

export interface NodeInspectorProps {
  readonly session: EditorSession;
  readonly nodeId: string;
  readonly run?: RunState | undefined;
  readonly team?: TeamStore | undefined;
}

/** One node: its label, its config form, retries and errors, and its last run. */
export function NodeInspector(props: NodeInspectorProps) {
  const session = props.session;
  const node = () => session.view.nodes[props.nodeId]!;
  const type = node().type;
  const visual = nodeVisual(type);
  const readOnly = () => session.readOnly();
  const fieldPaths = [...configFields(type).map((field) => `config.${field.key}`), ...nodeSettingPaths];
  const placed = createMemo(() => placeIssues(session.issues().byNode[props.nodeId] ?? [], fieldPaths));
  const issuesAt = (path: string) => placed().byField.get(path);
  const labelId = fieldId(props.nodeId, "label");

  return (
    <div class="inspector-body" data-inspecting={props.nodeId}>
      <InspectorHeader glyph={visual.glyph} color={visual.color} title={node().label || visual.title} subtitle={node().label ? `${visual.title} · ${props.nodeId}` : props.nodeId} onBack={() => session.selection.clear()} />
      <Show when={placed().rest.length > 0}>
        <IssueList issues={placed().rest} />
      </Show>
      <section class="inspector-section" aria-label="Node">
        <Field id={labelId} label="Label" path="label" issues={issuesAt("label")}>
          <TextControl
            id={labelId}
            label="Label"
            value={() => node().label}
            commit={(value) => commitEdit(session, () => setNodeField(session.doc, props.nodeId, "label", value))}
            readOnly={readOnly()}
            invalid={(issuesAt("label")?.length ?? 0) > 0}
            required={false}
            placeholder={visual.title}
          />
        </Field>
        <label class="field-check">
          <input type="checkbox" checked={!!node().disabled} disabled={readOnly()} onChange={(event) => commitEdit(session, () => setNodeField(session.doc, props.nodeId, "disabled", event.currentTarget.checked || undefined))} />
          Disabled (skipped in runs; its input passes through)
        </label>
      </section>
      <section class="inspector-section" aria-labelledby={`${labelId}-config`}>
        <h3 class="inspector-section-title" id={`${labelId}-config`}>Configuration</h3>
        <CompletionScopeContext.Provider value={() => completionScopeOf(props.run, props.nodeId, session.nameOf)}>
          <ConfigForm session={session} nodeId={props.nodeId} type={type} issuesAt={issuesAt} readOnly={readOnly()} suggest={(key) => (type === "db.query" && key === "connection" ? (props.team?.connections() ?? []) : undefined)} />
        </CompletionScopeContext.Provider>
      </section>
      <Show when={type === "trigger.schedule"}>
        <SchedulePanel node={node()} />
      </Show>
      <Show when={type === "trigger.webhook"}>
        <WebhookPanel team={props.team} session={session} nodeId={props.nodeId} readOnly={readOnly()} />
      </Show>
      <Show when={!type.startsWith("trigger.")}>
        <section class="inspector-section" aria-label="Placement">
          <RunsOn session={session} node={node()} team={props.team} readOnly={readOnly()} />
        </section>
      </Show>
      <Show when={type !== "trigger.manual"}>
        <section class="inspector-section" aria-labelledby={`${labelId}-errors`}>
          <h3 class="inspector-section-title" id={`${labelId}-errors`}>Retries and errors</h3>
          <NodeSettings session={session} node={node()} issuesAt={issuesAt} readOnly={readOnly()} />
        </section>
      </Show>
      <Show when={props.run && ownValue(props.run.nodes, props.nodeId) && props.run}>{(run) => <LastRun run={run()} nodeId={props.nodeId} />}</Show>
      <PinData session={session} nodeId={props.nodeId} run={props.run} />
      <Show when={!readOnly()}>
        <footer class="inspector-footer">
          <button type="button" class="button button-danger" onClick={() => (commitEdit(session, () => removeElements(session.doc, [props.nodeId])), session.selection.clear())}>
            Delete node
          </button>
        </footer>
      </Show>
    </div>
  );
}
