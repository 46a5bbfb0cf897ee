import { onMount } from "solid-js";
import { setNodeField } from "../flow-doc/index.ts";
import type { EditorSession } from "./editor-session.ts";

/**
 * Renames a node in place on its card (F2 or a double-click on the title). Enter or leaving
 * the field keeps the name, Escape keeps the old one; an empty name goes back to the type's
 * title with an ordinal. Focus returns to the card, so the keyboard carries on from there.
 */
export function RenameField(props: { session: EditorSession; id: string; name: string }) {
  let input!: HTMLInputElement;
  let done = false;
  const card = () => input.closest<HTMLElement>("[data-node-id]");
  const finish = (keep: boolean) => {
    if (done) return;
    done = true;
    const value = input.value.trim();
    const node = props.session.view.nodes[props.id];
    if (keep && node && value !== props.name) {
      props.session.undo.stopCapturing();
      setNodeField(props.session.doc, props.id, "label", value || undefined);
    }
    const back = card();
    props.session.setRenaming(undefined);
    back?.focus({ preventScroll: true });
  };
  onMount(() => (input.focus(), input.select()));
  return (
    <input
      ref={input}
      class="node-rename input nodrag nopan"
      aria-label="Node name"
      value={props.name}
      onPointerDown={(event) => event.stopPropagation()}
      onClick={(event) => event.stopPropagation()}
      onKeyDown={(event) => {
        event.stopPropagation();
        if (event.key === "Enter") event.preventDefault(), finish(true);
        else if (event.key === "Escape") event.preventDefault(), finish(false);
      }}
      onBlur={() => finish(true)}
    />
  );
}
