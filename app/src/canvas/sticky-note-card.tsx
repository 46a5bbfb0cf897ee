import { createSignal, onMount, Show } from "solid-js";
import type { StickyNote } from "@nexus-flow/shared";
import { removeNote, updateNote } from "../flow-doc/index.ts";
import type { CanvasContext } from "./canvas-context.ts";
import { MarkdownView } from "./markdown-view.tsx";
import { beginUndoStep, followPointer } from "./notes-mirror.ts";
import { gridSize } from "./node-geometry.ts";
import { NoteColorPicker } from "./note-color-picker.tsx";

const minSize = { width: 60, height: 40 };

/** The note's first words, for its accessible name ("Sticky note: Why this polls"). */
const titleOf = (text: string) => text.replace(/[#*_`>[\]()-]/g, " ").trim().split(/\s+/).slice(0, 6).join(" ") || "empty";

/**
 * One sticky note: its Markdown rendered (double-click or Edit to change it), moved by its
 * top bar, resized by its corner, by pointer or keyboard, coloured from its bar's swatches.
 * Each gesture is one undo step.
 */
export function StickyNoteCard(props: { note: StickyNote; ctx: CanvasContext; startEditing?: boolean }) {
  const session = props.ctx.session;
  const [editing, setEditing] = createSignal(props.startEditing === true && !session.readOnly());
  const zoom = () => props.ctx.viewport.transform()[2];
  const id = () => props.note.id;

  function move(event: PointerEvent) {
    if (event.button !== 0 || session.readOnly() || (event.target as Element).closest("button, fieldset")) return;
    event.preventDefault();
    const start = { ...props.note.position };
    const end = beginUndoStep(session.undo);
    followPointer(event, zoom(), (dx, dy) => updateNote(session.doc, id(), { position: { x: Math.round(start.x + dx), y: Math.round(start.y + dy) } }), end);
  }

  function resize(event: PointerEvent) {
    if (event.button !== 0 || session.readOnly()) return;
    event.preventDefault();
    const start = { ...props.note.size };
    const end = beginUndoStep(session.undo);
    followPointer(event, zoom(), (dx, dy) => setSize(start.width + dx, start.height + dy), end);
  }
  const setSize = (width: number, height: number) =>
    updateNote(session.doc, id(), { size: { width: Math.round(Math.min(4000, Math.max(minSize.width, width))), height: Math.round(Math.min(4000, Math.max(minSize.height, height))) } });

  /** Arrow keys on the note move it, on its corner resize it (a grid step; Shift: five). */
  function arrows(event: KeyboardEvent, apply: (dx: number, dy: number) => void): boolean {
    const step = event.shiftKey ? gridSize * 5 : gridSize;
    const delta: Record<string, [number, number]> = { ArrowLeft: [-step, 0], ArrowRight: [step, 0], ArrowUp: [0, -step], ArrowDown: [0, step] };
    const [dx, dy] = delta[event.key] ?? [];
    if (dx === undefined || dy === undefined || session.readOnly()) return false;
    event.preventDefault();
    event.stopPropagation(); // not the canvas's node shortcuts
    apply(dx, dy);
    return true;
  }
  function onNoteKey(event: KeyboardEvent) {
    if (event.target !== event.currentTarget || session.readOnly()) return;
    if (arrows(event, (dx, dy) => updateNote(session.doc, id(), { position: { x: props.note.position.x + dx, y: props.note.position.y + dy } }))) return;
    if (event.key === "Enter" || event.key === "F2") (event.preventDefault(), setEditing(true));
    if (event.key === "Delete" || event.key === "Backspace") (event.preventDefault(), event.stopPropagation(), removeNote(session.doc, id()));
  }

  return (
    <div
      class="sticky-note nopan"
      classList={{ editing: editing() }}
      data-note-id={id()}
      data-color={props.note.color ?? "yellow"}
      style={{ left: `${props.note.position.x}px`, top: `${props.note.position.y}px`, width: `${props.note.size.width}px`, height: `${props.note.size.height}px` }}
      role="group"
      aria-roledescription="sticky note"
      aria-label={`Sticky note: ${titleOf(props.note.text)}`}
      tabIndex={0}
      onKeyDown={onNoteKey}
    >
      <div class="sticky-note-bar" onPointerDown={move} title={session.readOnly() ? undefined : "Drag to move the note"}>
        <Show when={!session.readOnly()}>
          <NoteColorPicker name={`note-color-${id()}`} color={props.note.color ?? "yellow"} onPick={(color) => updateNote(session.doc, id(), { color: color === "yellow" ? undefined : color })} />
          <button type="button" class="sticky-note-button" aria-label={editing() ? "Done editing note" : "Edit note"} title={editing() ? "Done (Escape)" : "Edit (Enter)"} onClick={() => setEditing(!editing())}>
            {editing() ? "✓" : "✎"}
          </button>
          <button type="button" class="sticky-note-button" aria-label="Delete note" title="Delete note" onClick={() => removeNote(session.doc, id())}>
            ×
          </button>
        </Show>
      </div>
      <Show
        when={editing()}
        fallback={
          <div class="sticky-note-body nowheel" onDblClick={() => !session.readOnly() && setEditing(true)}>
            <MarkdownView source={props.note.text} />
          </div>
        }
      >
        <NoteEditor text={props.note.text} onInput={(text) => updateNote(session.doc, id(), { text })} onDone={() => setEditing(false)} />
      </Show>
      <Show when={!session.readOnly()}>
        <div
          class="sticky-note-resize"
          role="button"
          tabIndex={0}
          aria-label="Resize note"
          title="Drag, or use the arrow keys, to resize"
          onPointerDown={resize}
          onKeyDown={(event) => arrows(event, (dx, dy) => setSize(props.note.size.width + dx, props.note.size.height + dy))}
        />
      </Show>
    </div>
  );
}

function NoteEditor(props: { text: string; onInput: (text: string) => void; onDone: () => void }) {
  let area!: HTMLTextAreaElement;
  onMount(() => area.focus({ preventScroll: true }));
  return (
    <textarea
      ref={area}
      class="sticky-note-text nowheel nodrag"
      aria-label="Note text (Markdown)"
      placeholder="Markdown: # heading, **bold**, - list, [link](https://…)"
      value={props.text}
      onInput={(event) => props.onInput(event.currentTarget.value)}
      onKeyDown={(event) => event.key === "Escape" && (event.preventDefault(), event.stopPropagation(), props.onDone(), (event.currentTarget.closest(".sticky-note") as HTMLElement | null)?.focus({ preventScroll: true }))}
    />
  );
}
