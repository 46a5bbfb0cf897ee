import { createSignal, For, Show } from "solid-js";
import { ownValue, type JsonValue, type RunState } from "@nexus-flow/shared";
import type { EditorSession } from "../../editor/editor-session.ts";
import { pinFromRecord } from "../../editor/pins.ts";
import { portsOf } from "../../canvas/node-geometry.ts";
import { commitEdit, fieldId as fieldIdOf } from "./edit.ts";

/**
 * The node's pinned test data (n8n's "pin data"): pin the output of the run shown, or type
 * JSON and pin it. Runs started from the editor then use it instead of running the node;
 * headless and team runs never do. Unpin puts the node back to running. A node with several
 * outputs (a condition) sends its pin on the branch it was pinned from, which the user may
 * change ("Sends on"), as engine rule N1 says.
 */
export function PinData(props: { session: EditorSession; nodeId: string; run?: RunState | undefined }) {
  const pins = props.session.pins;
  const pinned = () => pins.of(props.nodeId);
  const [text, setText] = createSignal("");
  const [problem, setProblem] = createSignal<string>();
  const readOnly = () => props.session.readOnly();
  const outputs = () => portsOf(props.session.view.nodes[props.nodeId]?.type ?? "").outputs;
  const recorded = () => pinFromRecord(props.run ? ownValue(props.run.nodes, props.nodeId) : undefined, outputs());
  /** The port a typed pin goes out on; the node's first unless picked. */
  const [typedPort, setTypedPort] = createSignal<string>();
  const pin = (value: JsonValue | undefined, port?: string) => commitEdit(props.session, () => pins.set(props.nodeId, value, port === outputs()[0] ? undefined : port));

  /** Typed JSON: refused with the parser's words under the field, never pinned half-read. */
  function pinTyped() {
    try {
      pin(JSON.parse(text()) as JsonValue, typedPort());
      setProblem(undefined);
    } catch (error) {
      setProblem(`Not valid JSON: ${(error as Error).message}`);
    }
  }
  const fieldId = fieldIdOf(props.nodeId, "pin");
  const portField = (value: () => string, onPick: (port: string) => void) => (
    <Show when={outputs().length > 1}>
      <label class="field-label" for={`${fieldId}-port`}>Sends on</label>
      <select id={`${fieldId}-port`} class="input" disabled={readOnly()} value={value()} onChange={(event) => onPick(event.currentTarget.value)}>
        <For each={outputs()}>{(port) => <option value={port}>{port}</option>}</For>
      </select>
    </Show>
  );

  return (
    <section class="inspector-section" aria-labelledby={`${fieldId}-title`}>
      <h3 class="inspector-section-title" id={`${fieldId}-title`}>Pinned data</h3>
      <Show
        when={pinned() !== undefined}
        fallback={
          <>
            <p class="field-help">Runs from the editor use pinned data instead of running this node (headless and team runs never do).</p>
            <Show when={recorded()}>
              {(output) => (
                <button type="button" class="button" disabled={readOnly()} onClick={() => pin(output().value, output().port)}>
                  {output().port ? `Pin output of the run shown (sent on ${output().port})` : "Pin output of the run shown"}
                </button>
              )}
            </Show>
            <label class="field-label" for={fieldId}>Pin typed JSON</label>
            <textarea id={fieldId} class="input textarea" spellcheck={false} disabled={readOnly()} value={text()} aria-invalid={!!problem()} aria-describedby={`${fieldId}-error`} onInput={(event) => setText(event.currentTarget.value)} />
            <Show when={problem()}>{(message) => <p id={`${fieldId}-error`} class="field-errors" role="alert">{message()}</p>}</Show>
            {portField(() => typedPort() ?? outputs()[0] ?? "", setTypedPort)}
            <button type="button" class="button" disabled={readOnly() || text().trim() === ""} onClick={pinTyped}>Pin this JSON</button>
          </>
        }
      >
        <pre class="pin-preview" aria-label="Pinned output" tabindex="0">{JSON.stringify(pinned(), null, 2)}</pre>
        {portField(() => pins.portOf(props.nodeId) ?? outputs()[0] ?? "", (port) => commitEdit(props.session, () => pins.setPort(props.nodeId, port === outputs()[0] ? undefined : port)))}
        <button type="button" class="button" disabled={readOnly()} onClick={() => pin(undefined)}>Unpin</button>
      </Show>
    </section>
  );
}
