import { createEffect, createSignal, onCleanup, onMount, Show, useContext } from "solid-js";
import { attachCompletions, CompletionScopeContext } from "./completion-popup.ts";
import type { CodeLanguage, EditorHandle } from "./highlighted-editor.ts";
import "./code-editor.css";

export type { CodeLanguage };

export interface CodeEditorProps {
  readonly value: string;
  /** Every keystroke; debounce in the caller. */
  readonly onInput: (value: string) => void;
  readonly onBlur?: () => void;
  readonly language: CodeLanguage;
  /** Accessible name of the editing surface. */
  readonly label: string;
  readonly id?: string;
  readonly readOnly?: boolean;
  readonly invalid?: boolean;
  /** Id of the element describing the field (its errors). */
  readonly describedBy?: string;
  /** Height in lines before the editor scrolls (default 12). */
  readonly maxLines?: number;
  readonly placeholder?: string;
}

// The editor is a separate chunk: the first one that mounts loads it, the others reuse it.
let editorModule: Promise<typeof import("./highlighted-editor.ts")> | undefined;
const loadEditor = () => (editorModule ??= import("./highlighted-editor.ts"));

/**
 * A code editor with syntax highlighting (prism-code-editor, loaded on demand). A plain textarea
 * stands in until it loads, so typing works from the first frame.
 */
export function CodeEditor(props: CodeEditorProps) {
  let host!: HTMLDivElement;
  let fallback: HTMLTextAreaElement | undefined;
  const [handle, setHandle] = createSignal<EditorHandle>();
  const [loadError, setLoadError] = createSignal(false);
  // JavaScript fields complete `input.` and `ctx.nodes.<id>.` from the last run, where an inspector provides it.
  const completionScope = useContext(CompletionScopeContext);
  let detachCompletions: (() => void) | undefined;
  const complete = (field: HTMLTextAreaElement | null | undefined) => {
    detachCompletions?.(); // the stand-in's, once the real editor replaces it
    detachCompletions = completionScope && props.language === "javascript" && field ? attachCompletions(field, completionScope) : undefined;
  };
  onCleanup(() => detachCompletions?.());

  onMount(() => {
    complete(fallback);
    let disposed = false;
    onCleanup(() => ((disposed = true), handle()?.destroy()));
    loadEditor().then(
      (module) => {
        if (disposed) return;
        // Someone typing in the stand-in keeps typing, at the same place, in the real editor.
        const focusAt = fallback && document.activeElement === fallback ? fallback.selectionStart : undefined;
        const mounted = module.mountEditor(host, {
          value: props.value,
          language: props.language,
          label: props.label,
          readOnly: props.readOnly ?? false,
          placeholder: props.placeholder,
          focusAt,
          onInput: (text) => props.onInput(text),
          onBlur: () => props.onBlur?.(),
        });
        setHandle(mounted);
        complete(host.querySelector("textarea"));
      },
      // Offline before the chunk was cached: the textarea keeps working.
      () => setLoadError(true),
    );
  });

  createEffect(() => handle()?.setValue(props.value));
  createEffect(() => handle()?.setReadOnly(props.readOnly ?? false));
  createEffect(() => handle()?.setAttributes({ id: props.id, invalid: props.invalid ?? false, describedBy: props.describedBy }));

  return (
    <div
      class="code-editor"
      classList={{ "code-editor-invalid": props.invalid ?? false, "code-editor-readonly": props.readOnly ?? false }}
      style={{ "--code-max-lines": String(props.maxLines ?? 12) }}
      data-loaded={handle() ? "true" : loadError() ? "fallback" : "false"}
    >
      <Show when={!handle()}>
        <textarea
          ref={fallback}
          class="code-editor-fallback"
          id={props.id}
          aria-label={props.label}
          aria-invalid={props.invalid || undefined}
          aria-describedby={props.describedBy}
          spellcheck={false}
          readOnly={props.readOnly}
          placeholder={props.placeholder}
          value={props.value}
          rows={Math.min(props.maxLines ?? 12, Math.max(2, props.value.split("\n").length))}
          onInput={(event) => props.onInput(event.currentTarget.value)}
          onBlur={() => props.onBlur?.()}
        />
      </Show>
      <div ref={host} class="code-editor-host" />
    </div>
  );
}
