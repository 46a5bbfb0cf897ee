import { createMemo, createSignal, For, Show } from "solid-js";
import { unwrap } from "solid-js/store";
import type { FlowNode } from "@nexus-flow/shared";
import type { EditorSession } from "../../editor/editor-session.ts";
import { nodeVisual } from "../../ui/node-visuals.ts";

/** Rows drawn at first: a 1,000-node flow must open fast, and nobody scrolls 1,000 rows. */
const firstRows = 50;

/**
 * Nodes by name, each with its problems counted; choosing one selects just that node. It
 * reaches every node from the keyboard, with or without the canvas: long lists get a filter
 * (by name, id or type) and show the first rows until asked for all.
 */
export function NodeList(props: { session: EditorSession; ids: readonly string[]; labelledBy: string }) {
  const [filter, setFilter] = createSignal("");
  const [showAll, setShowAll] = createSignal(false);
  // Sorted from the plain nodes: read through the store, 1,000 nodes cost a proxy each and two
  // tracked reads (~10 ms as an imported flow first opens). The session's names follow every
  // node's type and label, which is what the order depends on; the rows read the store.
  const nodes = createMemo(() => {
    props.session.names();
    const plain = unwrap(props.session.view.nodes);
    return sortByName(props.ids.flatMap((id) => plain[id] ?? []));
  });
  const matching = createMemo(() => {
    const words = filter().trim().toLowerCase();
    return words ? nodes().filter((node) => `${nameOf(node)} ${node.id} ${node.type}`.toLowerCase().includes(words)) : nodes();
  });
  const shown = createMemo(() => (showAll() ? matching() : matching().slice(0, firstRows)).map((node) => node.id));
  const problems = (id: string) => props.session.issues().byNode[id]?.length ?? 0;
  return (
    <>
      <Show when={nodes().length > firstRows}>
        <input class="input node-list-filter" type="search" placeholder="Find a node" aria-label="Find a node" value={filter()} onInput={(event) => setFilter(event.currentTarget.value)} />
      </Show>
      <ul class="node-list" aria-labelledby={props.labelledBy}>
        <For each={shown()}>
          {(id) => (
            <Show when={props.session.view.nodes[id]}>
              {(node) => <NodeRow node={node()} problems={problems(id)} select={() => props.session.selection.select({ nodes: [id] })} />}
            </Show>
          )}
        </For>
      </ul>
      <Show when={shown().length < matching().length}>
        <button type="button" class="button node-list-more" onClick={() => setShowAll(true)}>
          Show all {matching().length} nodes
        </button>
      </Show>
      <Show when={filter() && matching().length === 0}>
        <p class="node-list-empty">No node matches “{filter()}”.</p>
      </Show>
    </>
  );
}

function NodeRow(props: { node: FlowNode; problems: number; select: () => void }) {
  const visual = () => nodeVisual(props.node.type);
  const name = () => props.node.label || visual().title;
  return (
    <li>
      <button
        type="button"
        class="node-list-item"
        data-node-ref={props.node.id}
        data-invalid={props.problems > 0 || undefined}
        aria-label={`${name()} (${props.node.id})${props.problems ? `, ${problemCount(props.problems)}` : ""}`}
        onClick={() => props.select()}
      >
        <span class="inspector-glyph small" style={{ "--glyph-color": visual().color }} aria-hidden="true">
          {visual().glyph}
        </span>
        <span class="node-list-name">{name()}</span>
        <span class="node-list-id">{props.node.id}</span>
        <Show when={props.problems > 0}>
          <span class="problem-badge">{problemCount(props.problems)}</span>
        </Show>
      </button>
    </li>
  );
}

const problemCount = (count: number) => (count === 1 ? "1 problem" : `${count} problems`);
const nameOf = (node: FlowNode) => node.label || nodeVisual(node.type).title;
// One collator for all comparisons: `localeCompare` builds one per call, and a paste into a
// 1,000-node flow re-sorts the whole list (≈ 15,000 comparisons). Numeric: "n2" before "n10".
const collator = new Intl.Collator(undefined, { numeric: true });

/**
 * By name, then id; each name is worked out once, not once per comparison, and the collator
 * is asked only about names that differ (a thousand Code nodes share one).
 */
function sortByName(nodes: FlowNode[]): FlowNode[] {
  const keyed = nodes.map((node) => ({ node, name: nameOf(node) }));
  keyed.sort((a, b) => (a.name === b.name ? 0 : collator.compare(a.name, b.name)) || collator.compare(a.node.id, b.node.id));
  return keyed.map((entry) => entry.node);
}
