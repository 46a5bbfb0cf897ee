import { createMemo, createSignal, For, onCleanup, Show } from "solid-js";
import { flowActions, nodeActions, type ActionDeps, type EditorAction } from "./editor-actions.ts";
import { fuzzyScore } from "./fuzzy-match.ts";
import { isMac, isTypingTarget, opensPalette } from "./shortcuts.ts";
import "./command-palette.css";

/** What the palette lists: everything, or only node types (the canvas menu's "Add node…"). */
export interface PaletteRequest {
  readonly only?: "add";
  /** Where an added node goes (a right-click point); else as the palette adds (right of the selection). */
  readonly at?: { readonly x: number; readonly y: number };
}

// Module-level, so the canvas menu can open it too.
const [request, setRequest] = createSignal<PaletteRequest>();
export const openCommandPalette = (next: PaletteRequest = {}) => setRequest(next);

interface Row {
  readonly action: EditorAction;
  readonly heading: string;
}

/**
 * The command palette (Ctrl+K or Cmd+K): every action and node type by name, filtered as one
 * types (letters in order), picked with the arrow keys and Enter; Escape closes it. A combobox
 * over a listbox (WAI-ARIA's pattern), in a modal dialog, so the canvas's shortcuts step aside.
 */
export function CommandPalette(props: { deps: ActionDeps }) {
  const onKey = (event: KeyboardEvent) => {
    if (event.isComposing || !opensPalette(event, { mac: isMac(), typing: isTypingTarget(event.target) })) return;
    if (document.querySelector("dialog[open]:not(.command-palette)")) return;
    event.preventDefault(); // the browser's own Ctrl+K (search bar)
    setRequest(request() ? undefined : {});
  };
  document.addEventListener("keydown", onKey);
  onCleanup(() => document.removeEventListener("keydown", onKey));
  return <Show when={request()}>{(current) => <PaletteDialog deps={props.deps} request={current()} onClose={() => setRequest(undefined)} />}</Show>;
}

function PaletteDialog(props: { deps: ActionDeps; request: PaletteRequest; onClose: () => void }) {
  const { session } = props.deps;
  // Read once: after `onClose` the <Show> around the dialog is gone and `props.request` is stale.
  const only = props.request.only;
  const at = props.request.at;
  const [query, setQuery] = createSignal("");
  const [active, setActive] = createSignal(0);
  // Inside the dialog: a modal dialog makes the app's live region inert.
  const [notice, setNotice] = createSignal("");
  // Listed once per opening: what is available is decided as the palette opens.
  const all: Row[] = (() => {
    if (only === "add") return flowActions(props.deps).filter((action) => action.group === "Add node").map((action) => ({ action: atPoint(action), heading: "Add node" }));
    const selected = [...session.selection.nodes()];
    const forNode = selected.length === 1 ? nodeActions(props.deps, selected[0]!).map((action) => ({ action, heading: `Node: ${session.nameOf(selected[0]!)}` })) : [];
    return [...forNode, ...flowActions(props.deps).map((action) => ({ action, heading: action.group }))];
  })();

  /** A node type added at the right-click point rather than beside the selection. */
  function atPoint(action: EditorAction): EditorAction {
    const type = action.id.slice("add:".length);
    return at ? { ...action, run: () => props.deps.canvas()?.addNodeAtScreen(type, at.x, at.y) } : action;
  }

  const rows = createMemo(() => {
    const text = query().trim();
    if (!text) return all;
    const scored = all.flatMap((row) => {
      const score = fuzzyScore(`${row.action.label} ${row.action.keywords ?? ""}`, text);
      return score === undefined ? [] : [{ row, score }];
    });
    return scored.sort((a, b) => b.score - a.score).map((entry) => entry.row);
  });
  const optionId = (index: number) => `command-option-${index}`;

  function choose(index: number) {
    const row = rows()[index];
    if (!row) return;
    const reason = row.action.unavailable();
    if (reason) return void setNotice(`${row.action.label}: ${reason}`);
    props.onClose();
    // After the dialog closed: the action may open a dialog of its own or move focus.
    queueMicrotask(() => row.action.run());
  }

  function onKeyDown(event: KeyboardEvent) {
    const count = rows().length;
    const move = (to: number) => {
      event.preventDefault();
      setActive(count ? (to + count) % count : 0);
      document.getElementById(optionId(active()))?.scrollIntoView({ block: "nearest" });
    };
    if (event.key === "ArrowDown") move(active() + 1);
    else if (event.key === "ArrowUp") move(active() - 1);
    else if (event.key === "Home" && event.ctrlKey) move(0);
    else if (event.key === "End" && event.ctrlKey) move(count - 1);
    else if (event.key === "Enter") (event.preventDefault(), choose(active()));
  }

  return (
    <dialog
      ref={(dialog) => queueMicrotask(() => dialog.showModal())}
      class="dialog command-palette"
      aria-label={only === "add" ? "Add a node" : "Command palette"}
      onClose={props.onClose}
      onClick={(event) => event.target === event.currentTarget && props.onClose()}
    >
      <input
        class="input command-input"
        role="combobox"
        aria-expanded="true"
        aria-controls="command-list"
        aria-autocomplete="list"
        aria-activedescendant={rows().length ? optionId(active()) : undefined}
        aria-label={only === "add" ? "Search node types" : "Search actions and node types"}
        placeholder={only === "add" ? "Add a node…" : "Type an action or a node type…"}
        value={query()}
        autofocus
        onInput={(event) => (setQuery(event.currentTarget.value), setActive(0))}
        onKeyDown={onKeyDown}
      />
      <ul id="command-list" class="command-list" role="listbox" aria-label="Actions">
        <For each={rows()} fallback={<li class="command-empty" role="presentation">Nothing matches “{query()}”.</li>}>
          {(row, index) => (
            <li
              id={optionId(index())}
              class="command-option"
              role="option"
              aria-selected={index() === active()}
              aria-disabled={row.action.unavailable() ? "true" : undefined}
              title={row.action.unavailable()}
              onPointerMove={() => setActive(index())}
              onClick={() => choose(index())}
            >
              <span class="command-label">{row.action.label}</span>
              <span class="command-meta">{row.heading}</span>
              <Show when={row.action.shortcut}>{(keys) => <kbd class="command-keys">{keys()}</kbd>}</Show>
            </li>
          )}
        </For>
      </ul>
      <p class="command-notice" role="status">{notice()}</p>
    </dialog>
  );
}
