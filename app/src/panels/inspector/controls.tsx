import { For, Show } from "solid-js";
import type { CodeLanguage } from "../../ui/code-editor.tsx";
import { ExpandableCodeEditor } from "../../ui/expandable-code-editor.tsx";
import { createTextDraft, numberCodec, textCodec } from "./text-draft.ts";
import { errorAttributes } from "./field.tsx";
import { templateCompletions } from "../../ui/completion-popup.ts";

/** What every control gets: its value in the doc and how to write it. */
export interface ControlProps<V> {
  readonly id: string;
  readonly label: string;
  readonly value: () => unknown;
  readonly commit: (value: V) => void;
  readonly readOnly: boolean;
  readonly invalid: boolean;
}

export function TextControl(props: ControlProps<string | undefined> & { required: boolean; multiline?: boolean; placeholder?: string | undefined; suggestions?: readonly string[] | undefined }) {
  const codec = textCodec(props.required);
  const draft = createTextDraft({ source: () => props.value() as string | undefined, ...codec, commit: props.commit });
  const completeIn = templateCompletions(); // `{{ input. }}` in a URL, a header…
  const common = () => ({
    id: props.id,
    class: "input",
    value: draft.text(),
    disabled: props.readOnly,
    placeholder: props.placeholder,
    onInput: (event: InputEvent & { currentTarget: HTMLInputElement | HTMLTextAreaElement }) => draft.edit(event.currentTarget.value),
    onBlur: draft.flush,
    ...errorAttributes(props.id, props.invalid),
  });
  return (
    <Show
      when={props.multiline}
      fallback={
        <>
          <input ref={(field) => completeIn?.(field)} {...common()} type="text" list={props.suggestions ? `${props.id}-suggestions` : undefined} onKeyDown={(event) => event.key === "Enter" && draft.flush()} />
          {/* Offered names (a DB node's connections from the team's runners); typing another stays allowed. */}
          <Show when={props.suggestions}>{(names) => <datalist id={`${props.id}-suggestions`}><For each={names()}>{(name) => <option value={name} />}</For></datalist>}</Show>
        </>
      }
    >
      <textarea ref={(field) => completeIn?.(field)} {...common()} class="input textarea" rows={3} />
    </Show>
  );
}

export function NumberControl(props: ControlProps<number | undefined> & { integer: boolean; min?: number | undefined; max?: number | undefined; placeholder?: string | undefined }) {
  const draft = createTextDraft({ source: () => props.value() as number | undefined, ...numberCodec, commit: props.commit });
  return (
      <input
        id={props.id}
        class="input"
        type="number"
        inputmode={props.integer ? "numeric" : "decimal"}
        step={props.integer ? 1 : "any"}
        min={props.min}
        max={props.max}
        placeholder={props.placeholder}
        value={draft.text()}
        disabled={props.readOnly}
        onInput={(event) => draft.edit(event.currentTarget.value)}
        onBlur={draft.flush}
        onKeyDown={(event) => event.key === "Enter" && draft.flush()}
        {...errorAttributes(props.id, props.invalid)}
      />
  );
}

export function SelectControl(props: ControlProps<string | undefined> & { options: readonly string[]; required: boolean; defaultLabel?: string; optionLabel?: (option: string) => string }) {
  const current = () => (props.value() === undefined ? "" : String(props.value()));
  return (
    <select
      id={props.id}
      class="input select"
      disabled={props.readOnly}
      onChange={(event) => props.commit(event.currentTarget.value === "" ? undefined : event.currentTarget.value)}
      {...errorAttributes(props.id, props.invalid)}
    >
      <Show when={!props.required || current() === ""}>
        <option value="" selected={current() === ""}>{props.defaultLabel ?? "Default"}</option>
      </Show>
      <For each={props.options}>
        {(option) => (
          <option value={option} selected={current() === option}>
            {props.optionLabel?.(option) ?? option}
          </option>
        )}
      </For>
    </select>
  );
}

export function CheckboxControl(props: ControlProps<boolean>) {
  return (
    <input
      id={props.id}
      type="checkbox"
      class="checkbox"
      checked={props.value() === true}
      disabled={props.readOnly}
      onChange={(event) => props.commit(event.currentTarget.checked)}
      {...errorAttributes(props.id, props.invalid)}
    />
  );
}

export function CodeControl(props: ControlProps<string | undefined> & { required: boolean; language: CodeLanguage; maxLines: number; placeholder?: string | undefined; title: string }) {
  const draft = createTextDraft({ source: () => props.value() as string | undefined, ...textCodec(props.required), commit: props.commit });
  return (
    <ExpandableCodeEditor
      title={props.title}
      id={props.id}
      label={props.label}
      language={props.language}
      value={draft.text()}
      onInput={draft.edit}
      onBlur={draft.flush}
      readOnly={props.readOnly}
      invalid={props.invalid}
      describedBy={props.invalid ? `${props.id}-error` : undefined}
      maxLines={props.maxLines}
      placeholder={props.placeholder}
    />
  );
}
