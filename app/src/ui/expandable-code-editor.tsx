import { createSignal, onMount, Show } from "solid-js";
import { CodeEditor, type CodeEditorProps } from "./code-editor.tsx";

/**
 * A code editor for a narrow panel, with a button that opens the same text in a large
 * modal editor (Escape or Done closes it). Both edit through the same `onInput`.
 */
export function ExpandableCodeEditor(props: CodeEditorProps & { title: string }) {
  const [expanded, setExpanded] = createSignal(false);
  return (
    <div class="code-control">
      <CodeEditor {...props} />
      <button type="button" class="code-expand" aria-label={`Expand ${props.label}`} title="Open in a larger editor" onClick={() => setExpanded(true)}>
        ⤢
      </button>
      <Show when={expanded()}>
        <CodeDialog {...props} onDone={() => (setExpanded(false), props.onBlur?.())} />
      </Show>
    </div>
  );
}

function CodeDialog(props: CodeEditorProps & { title: string; onDone: () => void }) {
  let dialog!: HTMLDialogElement;
  onMount(() => dialog.showModal());
  return (
    <dialog ref={dialog} class="dialog code-dialog" aria-label={props.title} onClose={() => props.onDone()} onKeyDown={(event) => event.key === "Escape" && event.stopPropagation()}>
      <header>{props.title}</header>
      <div class="body">
        <CodeEditor {...props} id={undefined} maxLines={28} describedBy={undefined} />
      </div>
      <footer>
        <button type="button" class="button button-primary" onClick={() => dialog.close()}>
          Done
        </button>
      </footer>
    </dialog>
  );
}
