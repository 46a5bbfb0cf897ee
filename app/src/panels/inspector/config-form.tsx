import { For, Match, Show, Switch } from "solid-js";
import type { FlowIssue, JsonValue } from "@nexus-flow/shared";
import type { EditorSession } from "../../editor/editor-session.ts";
import { setConfigField } from "../../flow-doc/index.ts";
import { ExpandableCodeEditor } from "../../ui/expandable-code-editor.tsx";
import { nodeVisual } from "../../ui/node-visuals.ts";
import { configFields, type FieldSpec } from "./config-fields.ts";
import { CheckboxControl, CodeControl, NumberControl, SelectControl, TextControl, type ControlProps } from "./controls.tsx";
import { StringMapControl } from "./string-map-control.tsx";
import { Field } from "./field.tsx";
import { createTextDraft, jsonCodec } from "./text-draft.ts";
import { commitEdit, fieldId } from "./edit.ts";
import { createSyntaxCheck, type CodeKind } from "../../ui/syntax-check.ts";

/** Code fields the browser's QuickJS runs, and how it wraps them; checked while typing. */
const checkedCode: Readonly<Record<string, CodeKind>> = { "transform.code": "function", "condition.expression": "expression" };

export interface ConfigFormProps {
  readonly session: EditorSession;
  readonly nodeId: string;
  readonly type: string;
  readonly issuesAt: (path: string) => readonly FlowIssue[] | undefined;
  readonly readOnly: boolean;
  /** Values a text field offers (a DB node's connection: the names the team's runners advertise). */
  readonly suggest?: ((key: string) => readonly string[] | undefined) | undefined;
}

/** The node's config as a form generated from its schema; each field commits through setConfigField. */
export function ConfigForm(props: ConfigFormProps) {
  const fields = configFields(props.type);
  return (
    <Show when={fields.length > 0} fallback={<p class="inspector-note">This node has nothing to configure.</p>}>
      <For each={fields}>{(spec) => <ConfigField {...props} spec={spec} />}</For>
    </Show>
  );
}

function ConfigField(props: ConfigFormProps & { spec: FieldSpec }) {
  const path = `config.${props.spec.key}`;
  const id = fieldId(props.nodeId, path);
  const issues = () => props.issuesAt(path);
  const control = (): ControlProps<JsonValue | undefined> => ({
    id,
    label: props.spec.label,
    value: () => (props.session.view.nodes[props.nodeId]?.config as Record<string, unknown> | undefined)?.[props.spec.key],
    commit: (value: JsonValue | undefined) => commitEdit(props.session, () => setConfigField(props.session.doc, props.nodeId, props.spec.key, value)),
    readOnly: props.readOnly,
    invalid: (issues()?.length ?? 0) > 0,
  });
  const spec = props.spec;
  // The large editor's title: which field of which node.
  const title = () => `${spec.label} · ${props.session.view.nodes[props.nodeId]?.label || nodeVisual(props.type).title}`;
  if (spec.kind === "json") return <JsonField {...control()} path={path} spec={spec} issues={issues()} title={title()} />;
  const codeKind = checkedCode[`${props.type}.${spec.key}`];
  const syntax = codeKind ? createSyntaxCheck(() => control().value() as string | undefined, codeKind) : () => undefined;
  return (
    <Field id={id} label={spec.label} path={path} required={spec.required} help={spec.help} issues={issues()} inline={spec.kind === "boolean"} localError={syntax()}>
      <Switch>
        <Match when={spec.kind === "text" && spec}>{(text) => <TextControl {...control()} required={text().required} multiline={text().multiline} placeholder={text().placeholder} suggestions={props.suggest?.(spec.key)} />}</Match>
        <Match when={spec.kind === "code" && spec}>{(code) => <CodeControl {...control()} invalid={control().invalid || !!syntax()} title={title()} required={code().required} language={code().language} maxLines={code().maxLines} placeholder={code().placeholder} />}</Match>
        <Match when={spec.kind === "enum" && spec}>{(choice) => <SelectControl {...control()} options={choice().options} required={choice().required} />}</Match>
        <Match when={spec.kind === "number" && spec}>{(number) => <NumberControl {...control()} integer={number().integer} min={number().min} max={number().max} placeholder={number().placeholder} />}</Match>
        <Match when={spec.kind === "boolean"}>
          <CheckboxControl {...control()} />
        </Match>
        <Match when={spec.kind === "string-map"}>
          <StringMapControl {...control()} itemLabel={spec.key === "headers" ? "Header" : "Entry"} />
        </Match>
      </Switch>
    </Field>
  );
}

/** Arbitrary JSON: text that does not parse is reported in place and not committed. */
function JsonField(props: ControlProps<JsonValue | undefined> & { path: string; spec: FieldSpec; issues: readonly FlowIssue[] | undefined; title: string }) {
  const draft = createTextDraft({ source: () => props.value() as JsonValue | undefined, ...jsonCodec, commit: props.commit });
  const invalid = () => props.invalid || draft.error() !== undefined;
  return (
    <Field id={props.id} label={props.spec.label} path={props.path} required={props.spec.required} help={props.spec.help} issues={props.issues} localError={draft.error()}>
      <ExpandableCodeEditor
        title={props.title}
        id={props.id}
        label={props.spec.label}
        language="json"
        value={draft.text()}
        onInput={draft.edit}
        onBlur={draft.flush}
        readOnly={props.readOnly}
        invalid={invalid()}
        describedBy={invalid() ? `${props.id}-error` : undefined}
        maxLines={10}
        placeholder={'{ "id": "{{ input.id }}" }'}
      />
    </Field>
  );
}
