import { createSignal, For, Show } from "solid-js";
import type { StickyNote } from "@nexus-flow/shared";

export type NoteColor = NonNullable<StickyNote["color"]>;

/**
 * The note colours, as the flow file names them. Each is a light tint under dark text, over
 * 10:1 in contrast (sticky-notes.css), so any colour keeps the note readable; the swatches
 * carry names, so colour is never the only cue.
 */
export const noteColors: ReadonlyArray<readonly [NoteColor, string]> = [
  ["yellow", "Yellow"],
  ["blue", "Blue"],
  ["green", "Green"],
  ["pink", "Pink"],
  ["grey", "Grey"],
];

/**
 * A note's colour button and, when opened, its swatches as a radio group (arrow keys move
 * between colours, each pick one undoable edit; Escape or a click elsewhere closes it).
 */
export function NoteColorPicker(props: { color: NoteColor; onPick: (color: NoteColor) => void; name: string }) {
  const [open, setOpen] = createSignal(false);
  let button!: HTMLButtonElement;
  const close = (refocus: boolean) => (setOpen(false), refocus && button.focus({ preventScroll: true }));
  return (
    <>
      <button
        ref={button}
        type="button"
        class="sticky-note-button"
        aria-label="Note colour"
        title="Colour"
        aria-haspopup="true"
        aria-expanded={open()}
        onClick={() => setOpen(!open())}
      >
        <span class="note-color-dot" data-color={props.color} aria-hidden="true" />
      </button>
      <Show when={open()}>
        <fieldset
          class="note-colors nodrag"
          ref={(element) => queueMicrotask(() => element.querySelector<HTMLInputElement>("input:checked")?.focus({ preventScroll: true }))}
          onKeyDown={(event) => {
            if (event.key !== "Escape" && event.key !== "Enter") return;
            event.preventDefault();
            event.stopPropagation();
            close(true);
          }}
          onFocusOut={(event) => !event.currentTarget.contains(event.relatedTarget as Node | null) && event.relatedTarget !== button && close(false)}
        >
          <legend class="sr-only">Note colour</legend>
          <For each={noteColors}>
            {([value, label]) => (
              <label class="note-color" title={label} data-color={value}>
                <input type="radio" name={props.name} value={value} aria-label={label} checked={props.color === value} onChange={() => props.onPick(value)} />
              </label>
            )}
          </For>
        </fieldset>
      </Show>
    </>
  );
}
