import { createSignal, For, onMount, Show } from "solid-js";
import type { FlowsRepo } from "../storage/flows-repo.ts";
import { toast } from "../ui/toast.tsx";
import { loadTemplate, templates, type TemplateInfo } from "./templates.ts";
import "./template-gallery.css";

/**
 * "New from template": a button that opens the gallery; choosing a template stores a new
 * flow made from its file (validated like an import, with a fresh id) and opens it.
 */
export function TemplateButton(props: { flows: FlowsRepo; onOpen: (id: string) => void }) {
  const [open, setOpen] = createSignal(false);
  async function create(template: TemplateInfo) {
    // Through Import's path: the file is checked by the validator, and a taken id gets a fresh one.
    const created = await props.flows.importText(JSON.stringify(await loadTemplate(template.id)));
    if (!created.ok) return toast(`The template “${template.title}” could not be used: ${created.issues[0]!.path}: ${created.issues[0]!.message}`, { kind: "error" });
    setOpen(false);
    props.onOpen(created.value);
    toast(`New flow from the template “${template.title}”`, { kind: "success" });
  }
  return (
    <>
      <button type="button" class="button button-ghost icon-button template-open" aria-label="New from template" title="New from template" onClick={() => setOpen(true)}>
        {/* Drawn, not a font glyph: the system fonts lack most "copy"-like symbols. */}
        <svg width="15" height="15" viewBox="0 0 16 16" fill="none" stroke="currentColor" stroke-width="1.5" aria-hidden="true">
          <rect x="1.75" y="1.75" width="8.5" height="8.5" rx="1.5" />
          <path d="M5.75 13.25v.5a1.5 1.5 0 0 0 1.5 1.5h6a1.5 1.5 0 0 0 1.5-1.5v-6a1.5 1.5 0 0 0-1.5-1.5h-.5" />
        </svg>
      </button>
      <Show when={open()}>
        <TemplateDialog onChoose={(template) => void create(template)} onClose={() => setOpen(false)} />
      </Show>
    </>
  );
}

function TemplateDialog(props: { onChoose: (template: TemplateInfo) => void; onClose: () => void }) {
  let dialog!: HTMLDialogElement;
  onMount(() => dialog.showModal());
  return (
    <dialog ref={dialog} class="dialog template-gallery" aria-labelledby="template-gallery-title" onCancel={(event) => (event.preventDefault(), props.onClose())}>
      <header id="template-gallery-title">New from template</header>
      <div class="body">
        <ul class="template-list" aria-label="Templates">
          <For each={templates}>
            {(template) => (
              <li>
                <button type="button" class="template-card" aria-describedby={`template-${template.id}-text`} onClick={() => props.onChoose(template)}>
                  <strong>{template.title}</strong>
                  <span id={`template-${template.id}-text`}>{template.description}</span>
                </button>
              </li>
            )}
          </For>
        </ul>
      </div>
      <footer>
        <button type="button" class="button" onClick={() => props.onClose()}>Cancel</button>
      </footer>
    </dialog>
  );
}
