import { createMemo, createSignal, For, Show } from "solid-js";
import { paletteSections, type PaletteEntry } from "./palette-entries.ts";
import "./palette.css";

/** Drag payload type for palette → canvas drops. */
export const nodeTypeDragFormat = "application/x-nexus-node-type";

export interface PaletteProps {
  /** Click (or Enter) on an entry adds that node type at the centre of the canvas. */
  readonly onAdd: (type: string) => void;
  readonly disabled?: boolean;
}

/** Node types by group, searchable; entries are dragged onto the canvas or clicked to add. */
export function Palette(props: PaletteProps) {
  const [query, setQuery] = createSignal("");
  const sections = createMemo(() => paletteSections(query()));
  let list!: HTMLDivElement;

  const entryButtons = () => [...list.querySelectorAll<HTMLButtonElement>(".palette-entry")];
  const moveFocus = (event: KeyboardEvent) => {
    const buttons = entryButtons();
    const index = buttons.indexOf(document.activeElement as HTMLButtonElement);
    const next = event.key === "ArrowDown" ? index + 1 : event.key === "ArrowUp" ? index - 1 : undefined;
    if (next === undefined) return;
    event.preventDefault();
    buttons[Math.max(0, Math.min(buttons.length - 1, next))]?.focus();
  };

  return (
    <section class="palette" aria-labelledby="palette-title">
      <h2 class="panel-title" id="palette-title">Nodes</h2>
      <div class="palette-search">
        <input
          class="input"
          type="search"
          placeholder="Search nodes"
          aria-label="Search nodes"
          value={query()}
          onInput={(event) => setQuery(event.currentTarget.value)}
          onKeyDown={(event) => {
            // Enter adds the first match; ↓ moves into the list.
            if (event.key === "Enter" && !props.disabled) sections()[0]?.entries[0] && props.onAdd(sections()[0]!.entries[0]!.type);
            else if (event.key === "ArrowDown") (event.preventDefault(), entryButtons()[0]?.focus());
            else if (event.key === "Escape") setQuery("");
          }}
        />
      </div>
      <div class="palette-groups" ref={list} onKeyDown={moveFocus}>
        <For each={sections()}>
          {(section) => (
            <div class="palette-group" role="group" aria-label={section.group}>
              <h3 class="palette-group-title">{section.group}</h3>
              <For each={section.entries}>{(entry) => <PaletteItem entry={entry} disabled={props.disabled ?? false} onAdd={props.onAdd} />}</For>
            </div>
          )}
        </For>
        <Show when={sections().length === 0}>
          <p class="palette-empty">No node matches “{query()}”.</p>
        </Show>
      </div>
    </section>
  );
}

function PaletteItem(props: { entry: PaletteEntry; disabled: boolean; onAdd: (type: string) => void }) {
  return (
    <button
      type="button"
      class="palette-entry"
      aria-label={`Add ${props.entry.title}`}
      title={`${props.entry.title} (${props.entry.type}): ${plain(props.entry.description)}`}
      data-node-type={props.entry.type}
      draggable={!props.disabled}
      disabled={props.disabled}
      onClick={() => props.onAdd(props.entry.type)}
      onDragStart={(event) => {
        event.dataTransfer?.setData(nodeTypeDragFormat, props.entry.type);
        event.dataTransfer?.setData("text/plain", props.entry.type);
        if (event.dataTransfer) event.dataTransfer.effectAllowed = "copy";
      }}
    >
      <span class="palette-glyph" style={{ "--glyph-color": props.entry.color }} aria-hidden="true">
        {props.entry.glyph}
      </span>
      <span class="palette-text">
        <span class="palette-title">{props.entry.title}</span>
        <span class="palette-description">{plain(props.entry.description)}</span>
      </span>
    </button>
  );
}

/** Descriptions mark code with backticks; the palette shows them as plain text. */
const plain = (text: string) => text.replaceAll("`", "");
