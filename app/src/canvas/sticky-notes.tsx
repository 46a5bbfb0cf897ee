import { createSignal, For, onCleanup, onMount } from "solid-js";
import { addNote, newElementId, notesOf } from "../flow-doc/index.ts";
import type { CanvasContext } from "./canvas-context.ts";
import { mirrorNotes } from "./notes-mirror.ts";
import { StickyNoteCard } from "./sticky-note-card.tsx";
import { gridSize, snapToGrid } from "./node-geometry.ts";
import "./sticky-notes.css";

const newNoteSize = { width: 240, height: 160 };

/**
 * The canvas's sticky notes, drawn under the edges and nodes (they annotate the flow, they
 * are not part of it), inside the viewport so they pan and zoom with it.
 */
export function NotesLayer(props: { ctx: CanvasContext; justAdded: () => string | undefined }) {
  const mirror = mirrorNotes(props.ctx.session.doc);
  onCleanup(mirror.dispose);
  let layer!: HTMLDivElement;
  onMount(() => {
    // Focus on a note past the edge (Tab, a caret) scrolls the clipped canvas box itself,
    // shifting everything drawn in it: the view moves by panning only, so undo that scroll.
    const canvas = layer.closest(".canvas");
    const unscroll = () => canvas && (canvas.scrollTop || canvas.scrollLeft) && canvas.scrollTo(0, 0);
    canvas?.addEventListener("scroll", unscroll);
    onCleanup(() => canvas?.removeEventListener("scroll", unscroll));
  });
  return (
    <div ref={layer} class="sticky-notes">
      <For each={Object.keys(mirror.notes)}>{(id) => <StickyNoteCard note={mirror.notes[id]!} ctx={props.ctx} startEditing={props.justAdded() === id} />}</For>
    </div>
  );
}

/**
 * The "Add sticky note" control (beside the zoom controls, out of the empty pane's corners): a new empty note in the middle of the view, opened
 * for typing. Returns the button and the id of the note it added last (opened for editing).
 */
export function createNoteAdder(ctx: CanvasContext) {
  const [justAdded, setJustAdded] = createSignal<string>();
  function add() {
    const { doc } = ctx.session;
    const centre = ctx.viewport.centre();
    const id = newElementId("note", (taken) => notesOf(doc).has(taken));
    const at = freeSpot({ x: snapToGrid(centre.x - newNoteSize.width / 2), y: snapToGrid(centre.y - newNoteSize.height / 2), ...newNoteSize }, occupied(ctx), visibleRect(ctx));
    setJustAdded(id);
    ctx.session.undo.stopCapturing(); // its own undo step, not merged with typing into it
    addNote(doc, { id, text: "", position: { x: at.x, y: at.y }, size: { ...newNoteSize } });
    ctx.session.undo.stopCapturing();
  }
  const button = () => (
    <button type="button" class="canvas-control canvas-add-note" aria-label="Add sticky note" title="Add a sticky note (Markdown)" disabled={ctx.session.readOnly()} onClick={add}>
      <span aria-hidden="true">✎</span>
    </button>
  );
  return { justAdded, button };
}

interface Rect {
  readonly x: number;
  readonly y: number;
  readonly width: number;
  readonly height: number;
}

/** What a new note must not cover: the nodes and the other notes. */
function occupied(ctx: CanvasContext): Rect[] {
  const rects: Rect[] = [];
  for (const node of ctx.lookup.nodeLookup.values()) rects.push({ ...node.internals.positionAbsolute, width: node.measured.width ?? 0, height: node.measured.height ?? 0 });
  for (const map of notesOf(ctx.session.doc).values()) rects.push({ ...(map.get("position") as { x: number; y: number }), ...(map.get("size") as { width: number; height: number }) });
  return rects;
}

/** The part of the flow on screen, in flow coordinates. */
function visibleRect(ctx: CanvasContext): Rect {
  const [x, y, zoom] = ctx.viewport.transform();
  const { width, height } = ctx.viewport.size();
  return { x: -x / zoom, y: -y / zoom, width: width / zoom, height: height / zoom };
}

/**
 * The grid spot nearest `wanted` where the note covers nothing and is fully on screen (a
 * note that appears out of sight looks like nothing happened); else `wanted` itself.
 */
function freeSpot(wanted: Rect, taken: readonly Rect[], view: Rect): Rect {
  const gap = gridSize;
  const overlaps = (a: Rect) => taken.some((b) => a.x < b.x + b.width + gap && b.x < a.x + a.width + gap && a.y < b.y + b.height + gap && b.y < a.y + a.height + gap);
  const candidates: Rect[] = [];
  for (let x = snapToGrid(view.x + gap); x + wanted.width <= view.x + view.width - gap; x += gap) {
    for (let y = snapToGrid(view.y + gap); y + wanted.height <= view.y + view.height - gap; y += gap) candidates.push({ ...wanted, x, y });
  }
  const distance = (a: Rect) => Math.hypot(a.x - wanted.x, a.y - wanted.y);
  candidates.sort((a, b) => distance(a) - distance(b));
  return candidates.find((candidate) => !overlaps(candidate)) ?? wanted;
}
