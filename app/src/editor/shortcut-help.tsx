import { createSignal, For, onCleanup, Show } from "solid-js";
import { isTypingTarget } from "./shortcuts.ts";

/** Every key the editor knows, as the help sheet lists them. */
const shortcuts: ReadonlyArray<readonly [string, string]> = [
  ["Ctrl+Enter", "Run the flow"],
  ["Arrow keys", "Move the selected nodes (Shift: five grid steps)"],
  ["C", "Connect the selected node: arrow keys or Tab pick the target, C switches the output, Enter connects, Escape cancels"],
  ["F2 or double-click the title", "Rename the selected node"],
  ["Enter on a palette item", "Add the node (to the right of the selected node, connected)"],
  ["Delete or Backspace", "Delete the selection"],
  ["Ctrl+Z / Ctrl+Shift+Z", "Undo / redo"],
  ["Ctrl+C / Ctrl+V / Ctrl+D", "Copy / paste / duplicate"],
  ["Ctrl+A", "Select everything"],
  ["+ / − / 0", "Zoom in / out / to 100 %"],
  ["Shift+1", "Fit the flow in view"],
  ["Escape", "Clear the selection"],
  ["Ctrl+K (⌘K on a Mac)", "Command palette: every action and node type by name. Works in text fields and code too; on a Mac, Ctrl+K in a field keeps its own meaning (delete to the end of the line)"],
  ["Shift+F10 or the Menu key", "Menu of the selected node (or the canvas); right-click opens it too"],
  ["?", "This list"],
];

// Module-level, so the command palette can open the sheet too.
const [open, setOpen] = createSignal(false);
export const showShortcutHelp = () => setOpen(true);

/** The shortcut sheet, opened with `?` anywhere but in a field. */
export function ShortcutHelp() {
  const onKey = (event: KeyboardEvent) => {
    if (event.key !== "?" || event.ctrlKey || event.metaKey || event.altKey || isTypingTarget(event.target) || document.querySelector("dialog[open]")) return;
    event.preventDefault();
    setOpen(true);
  };
  document.addEventListener("keydown", onKey);
  onCleanup(() => document.removeEventListener("keydown", onKey));
  return (
    <Show when={open()}>
      <dialog ref={(dialog) => queueMicrotask(() => dialog.showModal())} class="dialog" aria-labelledby="shortcut-help-title" onClose={() => setOpen(false)}>
        <header id="shortcut-help-title">Keyboard shortcuts</header>
        <div class="body">
          <table class="shortcut-table">
            <tbody>
              <For each={shortcuts}>{([keys, action]) => <tr><th scope="row"><kbd>{keys}</kbd></th><td>{action}</td></tr>}</For>
            </tbody>
          </table>
        </div>
        <footer>
          <button class="button button-primary" onClick={() => setOpen(false)}>Close</button>
        </footer>
      </dialog>
    </Show>
  );
}
