import { createMemo, For, Show } from "solid-js";
import type { FlowNode } from "@nexus-flow/shared";
import type { EditorSession } from "../../editor/editor-session.ts";
import { nodeVisual } from "../../ui/node-visuals.ts";

/**
 * Nodes by name, each with its problems counted; choosing one selects just that node. It
 * reaches every node from the keyboard, with or without the canvas.
 */
export function NodeList(props: { session: EditorSession; ids: readonly string[]; labelledBy: string }) {
  const nodes = createMemo(() => props.ids.flatMap((id) => props.session.view.nodes[id] ?? []).sort(byName));
  const problems = (id: string) => props.session.issues().byNode[id]?.length ?? 0;
  return (
    <ul class="node-list" aria-labelledby={props.labelledBy}>
      <For each={nodes()}>
        {(node) => {
          const visual = nodeVisual(node.type);
          return (
            <li>
              <button
                type="button"
                class="node-list-item"
                data-node-ref={node.id}
                data-invalid={problems(node.id) > 0 || undefined}
                aria-label={`${node.label || visual.title} (${node.id})${problems(node.id) ? `, ${problemCount(problems(node.id))}` : ""}`}
                onClick={() => props.session.selection.select({ nodes: [node.id] })}
              >
                <span class="inspector-glyph small" style={{ "--glyph-color": visual.color }} aria-hidden="true">
                  {visual.glyph}
                </span>
                <span class="node-list-name">{node.label || visual.title}</span>
                <span class="node-list-id">{node.id}</span>
                <Show when={problems(node.id) > 0}>
                  <span class="problem-badge">{problemCount(problems(node.id))}</span>
                </Show>
              </button>
            </li>
          );
        }}
      </For>
    </ul>
  );
}

const problemCount = (count: number) => (count === 1 ? "1 problem" : `${count} problems`);
const nameOf = (node: FlowNode) => node.label || nodeVisual(node.type).title;
const byName = (a: FlowNode, b: FlowNode) => nameOf(a).localeCompare(nameOf(b)) || a.id.localeCompare(b.id);
