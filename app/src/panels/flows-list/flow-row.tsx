import { createSignal, Show } from "solid-js";
import type { FlowRecord } from "../../storage/db.ts";
import { RowMenu } from "./row-menu.tsx";
import { timeAgo } from "./flow-actions.ts";

export interface FlowRowProps {
  readonly flow: Pick<FlowRecord, "id" | "name" | "updatedAt">;
  readonly current: boolean;
  /** Now, for "5 minutes ago"; ticks so the times stay true. */
  readonly now: number;
  readonly editing: boolean;
  readonly onOpen: () => void;
  readonly onStartRename: () => void;
  /** A new name, or `undefined` when the rename was cancelled. */
  readonly onEndRename: (name: string | undefined) => void;
  readonly onDuplicate: () => void;
  readonly onDelete: () => void;
}

/** One flow in the sidebar: a link with the flow's name, inline rename, and a row menu. */
export function FlowRow(props: FlowRowProps) {
  let row!: HTMLLIElement;
  // Back on the link after renaming, so the keyboard stays where it was.
  const endRename = (name: string | undefined) => (props.onEndRename(name), queueMicrotask(() => row.querySelector<HTMLElement>(".flow-link")?.focus()));
  return (
    <li ref={row} class="flow-row" classList={{ "flow-row-current": props.current }} data-flow-id={props.flow.id}>
      <Show when={props.editing} fallback={<FlowLink {...props} />}>
        <RenameInput name={props.flow.name} onEnd={endRename} />
      </Show>
      <Show when={!props.editing}>
        <RowMenu
          label={`Actions for ${props.flow.name}`}
          items={[
            { label: "Rename", run: props.onStartRename },
            { label: "Duplicate", run: props.onDuplicate },
            { label: "Delete", run: props.onDelete, danger: true },
          ]}
        />
      </Show>
    </li>
  );
}

function FlowLink(props: FlowRowProps) {
  return (
    <a
      class="flow-link"
      href={`#/flow/${encodeURIComponent(props.flow.id)}`}
      aria-current={props.current ? "page" : undefined}
      title="Open (double-click or F2 to rename)"
      onClick={(event) => {
        if (event.button !== 0 || event.metaKey || event.ctrlKey || event.shiftKey) return; // new tab or window
        event.preventDefault();
        props.onOpen();
      }}
      onDblClick={(event) => (event.preventDefault(), props.onStartRename())}
      onKeyDown={(event) => event.key === "F2" && (event.preventDefault(), props.onStartRename())}
    >
      <span class="flow-name">{props.flow.name || "Untitled flow"}</span>
      <span class="flow-time" aria-hidden="true">
        {timeAgo(props.flow.updatedAt, props.now)}
      </span>
    </a>
  );
}

/** Enter (or leaving the field) commits, Escape cancels. */
function RenameInput(props: { name: string; onEnd: (name: string | undefined) => void }) {
  const [value, setValue] = createSignal(props.name);
  let done = false;
  const end = (name: string | undefined) => {
    if (done) return;
    done = true;
    const trimmed = name?.trim();
    props.onEnd(trimmed && trimmed !== props.name ? trimmed : undefined);
  };
  return (
    <input
      class="input flow-rename"
      aria-label="Flow name"
      value={value()}
      ref={(input) => queueMicrotask(() => (input.focus(), input.select()))}
      onInput={(event) => setValue(event.currentTarget.value)}
      onKeyDown={(event) => {
        if (event.key === "Enter") (event.preventDefault(), end(value()));
        else if (event.key === "Escape") (event.preventDefault(), event.stopPropagation(), end(undefined));
      }}
      onBlur={() => end(value())}
    />
  );
}
