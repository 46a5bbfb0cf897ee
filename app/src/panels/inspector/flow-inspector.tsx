import { createMemo, Show } from "solid-js";
import type { EditorSession } from "../../editor/editor-session.ts";
import { renameFlow, setFlowSetting } from "../../flow-doc/index.ts";
import { errorAttributes, Field } from "./field.tsx";
import { NumberControl } from "./controls.tsx";
import { IssueList } from "./issue-list.tsx";
import { createTextDraft } from "./text-draft.ts";
import { commitEdit } from "./edit.ts";
import { InspectorHeader } from "./inspector-header.tsx";
import { NodeList } from "./node-list.tsx";

/** Nothing selected: the flow's name and settings, its own problems, and its nodes. */
export function FlowInspector(props: { session: EditorSession }) {
  const session = props.session;
  const settings = () => session.view.settings;
  const readOnly = () => session.readOnly();
  const issuePath = (path: string) => session.issues().other.filter((issue) => issue.path === path || issue.path.startsWith(`${path}.`));
  const flowIssues = () => session.issues().other.filter((issue) => !issue.path.startsWith("name") && !issue.path.startsWith("settings.concurrency"));
  const name = createTextDraft({
    source: () => session.view.name,
    format: (value) => value,
    parse: (text) => (text.trim() ? { ok: true, value: text.trim() } : { ok: false, error: "A flow needs a name." }),
    commit: (value) => commitEdit(session, () => renameFlow(session.doc, value)),
  });

  return (
    <div class="inspector-body">
      <InspectorHeader title="Flow" subtitle={session.flowId} />
      <section class="inspector-section" aria-label="Flow settings">
        <Field id="field-flow-name" label="Name" path="name" required issues={issuePath("name")} localError={name.error()}>
          <input
            id="field-flow-name"
            class="input"
            value={name.text()}
            disabled={readOnly()}
            onInput={(event) => name.edit(event.currentTarget.value)}
            onBlur={name.flush}
            onKeyDown={(event) => event.key === "Enter" && name.flush()}
            {...errorAttributes("field-flow-name", name.error() !== undefined || issuePath("name").length > 0)}
          />
        </Field>
        <Field id="field-flow-concurrency" label="Concurrency" path="settings.concurrency" issues={issuePath("settings.concurrency")} help="How many nodes may run at once (default 8).">
          <NumberControl
            id="field-flow-concurrency"
            label="Concurrency"
            value={() => settings().concurrency}
            commit={(value) => commitEdit(session, () => setFlowSetting(session.doc, "concurrency", value))}
            readOnly={readOnly()}
            invalid={issuePath("settings.concurrency").length > 0}
            integer
            min={1}
            max={1024}
            placeholder="8"
          />
        </Field>
      </section>
      <Show when={flowIssues().length > 0}>
        <IssueList issues={flowIssues()} label="Problems with the flow" />
      </Show>
      <NodeSection session={session} />
    </div>
  );
}

function NodeSection(props: { session: EditorSession }) {
  const ids = createMemo(() => Object.keys(props.session.view.nodes));
  return (
    <section class="inspector-section" aria-labelledby="inspector-nodes-title">
      <h3 class="inspector-section-title" id="inspector-nodes-title">
        Nodes <span class="count">{ids().length}</span>
      </h3>
      <NodeList session={props.session} ids={ids()} labelledBy="inspector-nodes-title" />
    </section>
  );
}
