import { createEffect, createMemo, createSignal, For, onCleanup, Show } from "solid-js";
import { createStore, reconcile } from "solid-js/store";
import type { FlowsRepo } from "../../storage/flows-repo.ts";
import { createLiveQuery } from "../../ui/live-query.ts";
import { toast } from "../../ui/toast.tsx";
import { FlowRow } from "./flow-row.tsx";
import { TemplateButton } from "../../templates/template-gallery.tsx";
import "./flows-list.css";

export interface FlowsListProps {
  readonly flows: FlowsRepo;
  readonly currentId?: string;
  readonly onOpen: (id: string) => void;
  /** The open flow was deleted: leave it (default: the start screen). */
  readonly onCurrentDeleted?: () => void;
}

/** The sidebar's flows: live from IndexedDB (other tabs too), searchable, with create, rename, duplicate, delete + undo. */
export function FlowsList(props: FlowsListProps) {
  const list = createLiveQuery(() => props.flows, (flows) => flows.list());
  // Rows kept by id, their fields updated in place: the query answers with new objects each time
  // the open flow's row is written, and `For` would re-create every row for them.
  const [rows, setRows] = createStore<Array<{ id: string; name: string; updatedAt: number }>>([]);
  createEffect(() => setRows(reconcile((list.value() ?? []).map(({ id, name, updatedAt }) => ({ id, name, updatedAt })), { key: "id" })));
  const [query, setQuery] = createSignal("");
  const [editing, setEditing] = createSignal<string>();
  const [now, setNow] = createSignal(Date.now());
  const ticker = setInterval(() => setNow(Date.now()), 30_000);
  onCleanup(() => clearInterval(ticker));
  const shown = createMemo(() => {
    const words = query().toLowerCase().split(/\s+/).filter(Boolean);
    return rows.filter((flow) => words.every((word) => flow.name.toLowerCase().includes(word)));
  });

  const create = async () => props.onOpen(await props.flows.create("Untitled flow"));
  const rename = async (id: string, name: string | undefined) => {
    setEditing(undefined);
    if (name !== undefined && !(await props.flows.rename(id, name))) toast("That flow no longer exists.", { kind: "error" });
  };
  const duplicate = async (id: string) => {
    const copy = await props.flows.duplicate(id);
    if (!copy) return toast("That flow no longer exists.", { kind: "error" });
    toast("Flow duplicated", { kind: "success", action: { label: "Open", run: () => props.onOpen(copy) } });
  };
  const remove = async (id: string, name: string) => {
    const wasCurrent = id === props.currentId;
    await props.flows.remove(id);
    if (wasCurrent) (props.onCurrentDeleted ?? leaveToStart)();
    toast(`Deleted “${name}”`, {
      ms: 8000,
      action: { label: "Undo", run: () => void props.flows.restore(id).then(() => wasCurrent && props.onOpen(id)) },
    });
  };

  return (
    <section class="flows-list" aria-labelledby="flows-title">
      <div class="flows-header">
        <h2 class="panel-title" id="flows-title">Flows</h2>
        <TemplateButton flows={props.flows} onOpen={props.onOpen} />
        <button type="button" class="button button-ghost icon-button" aria-label="New flow" title="New flow" onClick={create}>
          +
        </button>
      </div>
      <div class="flows-search">
        <input class="input" type="search" placeholder="Search flows" aria-label="Search flows" value={query()} onInput={(event) => setQuery(event.currentTarget.value)} onKeyDown={(event) => event.key === "Escape" && setQuery("")} />
      </div>
      <Show when={list.error()}>
        <p class="flows-note error-text">The flows could not be read: {String(list.error())}</p>
      </Show>
      <ul class="flows" aria-labelledby="flows-title">
        <For each={shown()}>
          {(flow) => (
            <FlowRow
              flow={flow}
              current={flow.id === props.currentId}
              now={now()}
              editing={editing() === flow.id}
              onOpen={() => props.onOpen(flow.id)}
              onStartRename={() => setEditing(flow.id)}
              onEndRename={(name) => void rename(flow.id, name)}
              onDuplicate={() => void duplicate(flow.id)}
              onDelete={() => void remove(flow.id, flow.name)}
            />
          )}
        </For>
      </ul>
      <Show when={list.value() && shown().length === 0}>
        <p class="flows-note">{query() ? `No flow matches “${query()}”.` : "No flows yet."}</p>
      </Show>
    </section>
  );
}

const leaveToStart = () => void (window.location.hash = "#/");
