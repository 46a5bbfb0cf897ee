import { createSignal, Show } from "solid-js";
import { ownValue, type JsonValue, type RunState } from "@nexus-flow/shared";
import type { EditorSession } from "../../editor/editor-session.ts";
import { commitEdit, fieldId as fieldIdOf } from "./edit.ts";

/**
 * The node's pinned test data (n8n's "pin data"): pin the output of the run shown, or type
 * JSON and pin it. Runs started from the editor then use it instead of running the node;
 * headless and team runs never do. Unpin puts the node back to running.
 */
export function PinData(props: { session: EditorSession; nodeId: string; run?: RunState | undefined }) {
  const pins = props.session.pins;
  const pinned = () => pins.of(props.nodeId);
  const [text, setText] = createSignal("");
  const [problem, setProblem] = createSignal<string>();
  const readOnly = () => props.session.readOnly();
  const recorded = (): JsonValue | undefined => {
    const record = props.run ? ownValue(props.run.nodes, props.nodeId) : undefined;
    return record?.status === "succeeded" ? (record.output ?? null) : undefined;
  };
  const pin = (value: JsonValue | undefined) => commitEdit(props.session, () => pins.set(props.nodeId, value));

  /** Typed JSON: refused with the parser's words under the field, never pinned half-read. */
  function pinTyped() {
    try {
      pin(JSON.parse(text()) as JsonValue);
      setProblem(undefined);
    } catch (error) {
      setProblem(`Not valid JSON: ${(error as Error).message}`);
    }
  }
  const fieldId = fieldIdOf(props.nodeId, "pin");

  return (
    <section class="inspector-section" aria-labelledby={`${fieldId}-title`}>
      <h3 class="inspector-section-title" id={`${fieldId}-title`}>Pinned data</h3>
      <Show
        when={pinned() !== undefined}
        fallback={
          <>
            <p class="field-help">Runs from the editor use pinned data instead of running this node (headless and team runs never do).</p>
            <Show when={recorded() !== undefined}>
              <button type="button" class="button" disabled={readOnly()} onClick={() => pin(recorded())}>Pin output of the run shown</button>
            </Show>
            <label class="field-label" for={fieldId}>Pin typed JSON</label>
            <textarea id={fieldId} class="input textarea" spellcheck={false} disabled={readOnly()} value={text()} aria-invalid={!!problem()} aria-describedby={`${fieldId}-error`} onInput={(event) => setText(event.currentTarget.value)} />
            <Show when={problem()}>{(message) => <p id={`${fieldId}-error`} class="field-errors" role="alert">{message()}</p>}</Show>
            <button type="button" class="button" disabled={readOnly() || text().trim() === ""} onClick={pinTyped}>Pin this JSON</button>
          </>
        }
      >
        <pre class="pin-preview" aria-label="Pinned output" tabindex="0">{JSON.stringify(pinned(), null, 2)}</pre>
        <button type="button" class="button" disabled={readOnly()} onClick={() => pin(undefined)}>Unpin</button>
      </Show>
    </section>
  );
}
