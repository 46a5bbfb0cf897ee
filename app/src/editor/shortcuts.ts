/**
 * The editor's keyboard shortcuts. The map from keys to commands is pure (`commandFor`), the
 * binding (`bindShortcuts`) listens on the document while the canvas is open and leaves
 * keys alone while the user types in a field (inputs, selects, CodeMirror).
 */
export const EditorCommand = {
  Delete: "delete",
  Undo: "undo",
  Redo: "redo",
  Copy: "copy",
  Paste: "paste",
  SelectAll: "selectAll",
  Duplicate: "duplicate",
  ClearSelection: "clearSelection",
  FitView: "fitView",
  ZoomIn: "zoomIn",
  ZoomOut: "zoomOut",
  ZoomReset: "zoomReset",
} as const;
export type EditorCommand = (typeof EditorCommand)[keyof typeof EditorCommand];

/** Runs a command; returns false when it did not apply, so the browser's default happens. */
export type EditorCommands = Record<EditorCommand, () => boolean | void>;

type KeyInput = Pick<KeyboardEvent, "key" | "code" | "ctrlKey" | "metaKey" | "shiftKey" | "altKey">;

/**
 * The command a key press asks for. Ctrl and Cmd are the same key here (Linux, Windows, macOS).
 * @example commandFor({ key: "z", code: "KeyZ", ctrlKey: true, shiftKey: true, metaKey: false, altKey: false }) // "redo"
 */
export function commandFor(event: KeyInput): EditorCommand | undefined {
  const mod = event.ctrlKey || event.metaKey;
  const key = event.key.toLowerCase();
  if (event.altKey) return undefined;
  if (!mod) {
    if (key === "delete" || key === "backspace") return event.shiftKey ? undefined : EditorCommand.Delete;
    if (key === "escape") return EditorCommand.ClearSelection;
    // Shift+1 by key position, whatever the layout prints on it ("!" on US keyboards).
    if (event.shiftKey && event.code === "Digit1") return EditorCommand.FitView;
    // + is Shift+= on many layouts: both zoom in.
    if (key === "+" || key === "=") return EditorCommand.ZoomIn;
    if (key === "-") return EditorCommand.ZoomOut;
    if (key === "0" && !event.shiftKey) return EditorCommand.ZoomReset;
    return undefined;
  }
  if (key === "z") return event.shiftKey ? EditorCommand.Redo : EditorCommand.Undo;
  if (event.shiftKey) return undefined;
  switch (key) {
    case "y":
      return EditorCommand.Redo;
    case "c":
      return EditorCommand.Copy;
    case "v":
      return EditorCommand.Paste;
    case "a":
      return EditorCommand.SelectAll;
    case "d":
      return EditorCommand.Duplicate;
    default:
      return undefined;
  }
}

/** True when keys belong to what has focus: a text field, a select, a contenteditable (CodeMirror). */
export function isTypingTarget(target: EventTarget | null): boolean {
  if (!(target instanceof Element)) return false;
  if (target.closest("input, textarea, select, [contenteditable]:not([contenteditable='false'])")) return true;
  return false;
}

/**
 * Listens for the shortcuts on `target` (the document) and runs `commands`; returns the
 * disposer. `enabled` lets the canvas step aside (a dialog is open, focus is elsewhere).
 */
export function bindShortcuts(target: Document | HTMLElement, commands: EditorCommands, enabled: (event: KeyboardEvent) => boolean = () => true): () => void {
  const onKeyDown = (event: Event) => {
    const key = event as KeyboardEvent;
    if (key.defaultPrevented || key.isComposing || isTypingTarget(key.target) || !enabled(key)) return;
    const command = commandFor(key);
    if (!command) return;
    if (commands[command]() === false) return;
    key.preventDefault();
  };
  target.addEventListener("keydown", onKeyDown);
  return () => target.removeEventListener("keydown", onKeyDown);
}

/**
 * Whether a key press opens (or closes) the command palette. Ctrl+K and ⌘K work everywhere,
 * in text fields and code editors too, as in n8n, Linear or Slack: Ctrl+K edits nothing in a
 * field on Windows and Linux (the browser's own Ctrl+K, its search bar, is what we take). On
 * a Mac, Ctrl+K in a text field is the system's "delete to the end of the line", so there it
 * stays the field's and ⌘K opens the palette.
 * @example opensPalette({ key: "k", ctrlKey: true, metaKey: false, shiftKey: false, altKey: false }, { mac: true, typing: true }) // false
 */
export function opensPalette(event: Pick<KeyboardEvent, "key" | "ctrlKey" | "metaKey" | "shiftKey" | "altKey">, where: { mac: boolean; typing: boolean }): boolean {
  if (event.key.toLowerCase() !== "k" || event.altKey || event.shiftKey) return false;
  if (event.metaKey) return true;
  return event.ctrlKey && !(where.mac && where.typing);
}

/** True on macOS (and iPadOS with a keyboard), where ⌘ is the command key. */
export const isMac = () => /Mac|iPhone|iPad/.test(navigator.platform || navigator.userAgent);
