import { createContext, onCleanup, useContext } from "solid-js";
import { completionsAt, type CompletionItem, type CompletionScope } from "./completions.ts";
import "./completion-popup.css";

/** The recorded data a code field may complete from; provided by the node inspector. */
export const CompletionScopeContext = createContext<() => CompletionScope | undefined>();

let nextId = 0;

/**
 * For a plain text field that takes `{{ expression }}` templates: a `ref` that adds
 * completions inside the braces, where an inspector provides recorded data (else undefined).
 * Call it in the component's body (it reads the context).
 */
export function templateCompletions(): ((field: HTMLInputElement | HTMLTextAreaElement) => void) | undefined {
  const scope = useContext(CompletionScopeContext);
  if (!scope) return undefined;
  // Once per field, detached with the component: a ref beside a spread runs again whenever
  // the spread's values change (every keystroke), which must not rebuild the list.
  const attached = new Map<Element, () => void>();
  let gone = false;
  onCleanup(() => ((gone = true), attached.forEach((detach) => detach())));
  return (field) => {
    if (attached.has(field)) return;
    attached.set(field, () => {});
    // A ref runs before the field is in the page: attach once it is.
    queueMicrotask(() => !gone && field.parentElement && attached.set(field, attachCompletions(field, scope, { templatesOnly: true })));
  };
}

/**
 * Adds autocomplete to a text field (a code editor's textarea): typing `input.` or
 * `ctx.nodes.<id>.` lists the keys recorded in the last run. A listbox under the field (a
 * one-line field becomes a combobox);
 * the field keeps focus and points at the active option (aria-activedescendant). Arrow keys
 * move, Enter or Tab insert, Escape closes. Returns the detach function.
 */
export function attachCompletions(field: HTMLTextAreaElement | HTMLInputElement, scope: () => CompletionScope | undefined, options: { templatesOnly?: boolean } = {}): () => void {
  const list = document.createElement("ul");
  list.id = `completions-${++nextId}`;
  list.className = "completion-list";
  list.setAttribute("role", "listbox");
  list.setAttribute("aria-label", "Suggestions");
  list.hidden = true;
  // Beside the editor box, not inside it: the box clips what overflows it.
  const box = field.closest(".code-editor") ?? field;
  box.parentElement!.append(list);
  // A one-line field with a suggestions popup is a combobox (WAI-ARIA 1.2, APG "editable
  // combobox with list autocomplete"): the role, and aria-expanded saying whether the list is
  // open. A multi-line code editor stays a textbox (a combobox has no multi-line form, and
  // screen readers would stop reading it as an editor); textbox takes the other attributes too.
  const combobox = field instanceof HTMLInputElement;
  if (combobox) field.setAttribute("role", "combobox");
  field.setAttribute("aria-autocomplete", "list");
  field.setAttribute("aria-controls", list.id);
  const expanded = (open: boolean) => combobox && field.setAttribute("aria-expanded", String(open));
  expanded(false);
  let state: { from: number; to: number; items: readonly CompletionItem[]; active: number } | undefined;

  function render() {
    list.hidden = !state;
    expanded(!!state);
    list.replaceChildren();
    if (!state) return field.removeAttribute("aria-activedescendant");
    state.items.forEach((item, index) => {
      const option = document.createElement("li");
      option.id = `${list.id}-${index}`;
      option.setAttribute("role", "option");
      option.setAttribute("aria-selected", String(index === state!.active));
      option.append(Object.assign(document.createElement("span"), { className: "completion-label", textContent: item.label }), Object.assign(document.createElement("span"), { className: "completion-detail", textContent: item.detail }));
      // mousedown, not click: the field must not lose focus (and close the list) first.
      option.addEventListener("mousedown", (event) => (event.preventDefault(), accept(index)));
      list.append(option);
    });
    field.setAttribute("aria-activedescendant", `${list.id}-${state.active}`);
    list.children[state.active]?.scrollIntoView({ block: "nearest" });
  }

  function update() {
    const data = scope();
    const caret = field.selectionStart ?? 0;
    const found = data && field.selectionStart === field.selectionEnd ? completionsAt(field.value, caret, data, options) : undefined;
    state = found && { ...found, active: 0 };
    render();
  }

  function accept(index: number) {
    const item = state?.items[index];
    if (!state || !item) return;
    field.setSelectionRange(state.from, state.to);
    // execCommand keeps the editor's own undo history and sends the input event it listens to.
    if (!document.execCommand("insertText", false, item.insert)) field.setRangeText(item.insert, state.from, state.to, "end");
    close();
  }

  function close() {
    state = undefined;
    render();
  }

  const keys: Record<string, () => void> = {
    ArrowDown: () => state && ((state.active = (state.active + 1) % state.items.length), render()),
    ArrowUp: () => state && ((state.active = (state.active - 1 + state.items.length) % state.items.length), render()),
    Enter: () => state && accept(state.active),
    Tab: () => state && accept(state.active),
    Escape: close,
  };
  // Capture, so the list wins over the editor's own keys (Enter's new line) while it is open.
  const onKey = (event: Event) => {
    const key = (event as KeyboardEvent).key;
    const action = keys[key];
    if (!state || !action || (event as KeyboardEvent).ctrlKey || (event as KeyboardEvent).altKey) return;
    event.preventDefault();
    event.stopImmediatePropagation();
    action();
  };
  const onInput = () => queueMicrotask(update);
  field.addEventListener("keydown", onKey, true);
  field.addEventListener("input", onInput);
  field.addEventListener("blur", close);
  field.addEventListener("click", close);
  return () => {
    field.removeEventListener("keydown", onKey, true);
    field.removeEventListener("input", onInput);
    field.removeEventListener("blur", close);
    field.removeEventListener("click", close);
    list.remove();
    if (combobox) for (const name of ["role", "aria-expanded"]) field.removeAttribute(name);
  };
}
