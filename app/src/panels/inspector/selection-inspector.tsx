import { Show } from "solid-js";
import { nodeCatalogEntry } from "@nexus-flow/shared/catalog";
import type { EditorSession } from "../../editor/editor-session.ts";
import { removeElements } from "../../flow-doc/index.ts";
import { nodeVisual } from "../../ui/node-visuals.ts";
import { commitEdit } from "./edit.ts";
import { InspectorHeader } from "./inspector-header.tsx";
import { NodeList } from "./node-list.tsx";
import { IssueList } from "./issue-list.tsx";

/** One edge: where it comes from and goes to (with ports), and Delete. */
export function EdgeInspector(props: { session: EditorSession; edgeId: string }) {
  const session = props.session;
  const edge = () => session.view.edges[props.edgeId]!;
  const nameOf = (id: string) => {
    const node = session.view.nodes[id];
    return node ? node.label || nodeVisual(node.type).title : id;
  };
  const sourcePort = () => {
    const source = session.view.nodes[edge().source];
    return edge().sourcePort ?? (source ? nodeCatalogEntry(source.type)?.defaultOutput : undefined);
  };
  // Validation numbers edges in id order (the order `readFlow` writes them).
  const issues = () => {
    const index = Object.keys(session.view.edges).sort(byCodeUnit).indexOf(props.edgeId);
    const prefix = `edges[${index}]`;
    return session.issues().other.filter((issue) => issue.path === prefix || issue.path.startsWith(`${prefix}.`));
  };
  return (
    <div class="inspector-body">
      <InspectorHeader glyph="→" title="Connection" subtitle={props.edgeId} onBack={() => session.selection.clear()} />
      <section class="inspector-section" aria-label="Connection">
        <p class="edge-summary">
          <button type="button" class="link-button" title="Select this node" onClick={() => session.selection.select({ nodes: [edge().source] })}>
            {nameOf(edge().source)}
          </button>
          <Show when={sourcePort()}>{(port) => <span class="port">{port()}</span>}</Show>
          <span class="edge-arrow" aria-label="to">→</span>
          <button type="button" class="link-button" title="Select this node" onClick={() => session.selection.select({ nodes: [edge().target] })}>
            {nameOf(edge().target)}
          </button>
          <Show when={edge().targetPort}>{(port) => <span class="port">{port()}</span>}</Show>
        </p>
      </section>
      <Show when={issues().length > 0}>
        <IssueList issues={issues()} />
      </Show>
      <Show when={!session.readOnly()}>
        <footer class="inspector-footer">
          <button type="button" class="button button-danger" onClick={() => (commitEdit(session, () => removeElements(session.doc, [], [props.edgeId])), session.selection.clear())}>
            Delete connection
          </button>
        </footer>
      </Show>
    </div>
  );
}

/** Several things selected: how many, and Delete for all of them. */
export function ManyInspector(props: { session: EditorSession; nodeIds: readonly string[]; edgeIds: readonly string[] }) {
  const session = props.session;
  const count = (n: number, one: string, many: string) => (n === 0 ? "" : n === 1 ? `1 ${one}` : `${n} ${many}`);
  const summary = () => [count(props.nodeIds.length, "node", "nodes"), count(props.edgeIds.length, "connection", "connections")].filter(Boolean).join(" and ");
  return (
    <div class="inspector-body">
      <InspectorHeader title={`${summary()} selected`} onBack={() => session.selection.clear()} />
      <Show when={props.nodeIds.length > 0}>
        <section class="inspector-section" aria-labelledby="inspector-selected-title">
          <h3 class="inspector-section-title" id="inspector-selected-title">
            Selected nodes
          </h3>
          <NodeList session={session} ids={props.nodeIds} labelledBy="inspector-selected-title" />
        </section>
      </Show>
      <Show when={!session.readOnly()}>
        <footer class="inspector-footer">
          <button type="button" class="button button-danger" onClick={() => (commitEdit(session, () => removeElements(session.doc, props.nodeIds, props.edgeIds)), session.selection.clear())}>
            Delete {props.nodeIds.length + props.edgeIds.length} items
          </button>
        </footer>
      </Show>
    </div>
  );
}

const byCodeUnit = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);
