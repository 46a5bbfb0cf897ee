import { For, Show, type JSX } from "solid-js";
import type { FlowIssue } from "@nexus-flow/shared";

export interface FieldProps {
  /** Id of the control; the label points at it and errors are `<id>-error`. */
  readonly id: string;
  readonly label: string;
  /** Issue path the field answers for (`config.url`, `retry.maxAttempts`). */
  readonly path: string;
  readonly required?: boolean;
  readonly help?: string | undefined;
  readonly issues?: readonly FlowIssue[] | undefined;
  /** A problem found before the value reaches the doc (a JSON parse error). */
  readonly localError?: string | undefined;
  /** Checkbox layout: the control before the label, on one line. */
  readonly inline?: boolean;
  readonly children: JSX.Element;
}

/** A label, a control, its help text and its errors, in place. */
export function Field(props: FieldProps) {
  const messages = () => [...(props.localError ? [props.localError] : []), ...(props.issues ?? []).map((issue) => messageFor(issue, props.path))];
  return (
    <div class="field" classList={{ "field-invalid": messages().length > 0, "field-inline": props.inline ?? false }} data-field={props.path}>
      <Show when={props.inline} fallback={<FieldLabel {...props} />}>
        {props.children}
        <FieldLabel {...props} />
      </Show>
      <Show when={!props.inline}>{props.children}</Show>
      <Show when={props.help}>{(help) => <p class="field-help">{withCode(help())}</p>}</Show>
      <Show when={messages().length > 0}>
        <ul class="field-errors" id={`${props.id}-error`}>
          <For each={messages()}>{(message) => <li>{message}</li>}</For>
        </ul>
      </Show>
    </div>
  );
}

function FieldLabel(props: FieldProps) {
  return (
    <label class="field-label" for={props.id}>
      {props.label}
      <Show when={props.required}>
        <span class="field-required" title="Required">*</span>
      </Show>
    </label>
  );
}

/** The message, prefixed with the part of the path below the field (`["X-Key"]: …`). */
function messageFor(issue: FlowIssue, fieldPath: string): string {
  const below = issue.path.slice(fieldPath.length).replace(/^\./, "");
  return below ? `${below}: ${issue.message}` : issue.message;
}

/** `a \`b\` c` → a <code>b</code> c */
export function withCode(text: string): JSX.Element {
  return text.split("`").map((part, index) => (index % 2 ? <code>{part}</code> : part));
}

/** Attributes that tie a control to its field's errors. */
export const errorAttributes = (id: string, invalid: boolean) => ({
  "aria-invalid": invalid ? ("true" as const) : undefined,
  "aria-describedby": invalid ? `${id}-error` : undefined,
});
