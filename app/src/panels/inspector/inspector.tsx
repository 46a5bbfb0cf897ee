import { createMemo, Match, Switch } from "solid-js";
import type { RunState } from "@nexus-flow/shared";
import type { EditorSession } from "../../editor/editor-session.ts";
import { NodeInspector } from "./node-inspector.tsx";
import { FlowInspector } from "./flow-inspector.tsx";
import { EdgeInspector, ManyInspector } from "./selection-inspector.tsx";
import { heldWhilePressed } from "./held-while-pressed.ts";
import "./inspector.css";
import type { TeamStore } from "../../team/team-store.ts";

export interface InspectorProps {
  readonly session: EditorSession;
  /** The run shown on the canvas, for the selected node's last input/output. */
  readonly run?: RunState;
  /** The team, for "Runs on" (labels runners offer, warnings). */
  readonly team?: TeamStore;
}

/** The right panel: the selected node, edge or selection, or the flow when nothing is selected. */
export function Inspector(props: InspectorProps) {
  const session = props.session;
  // What the canvas selects during a drag shows once the pointer is released (held-while-pressed.ts).
  const selectedNodes = heldWhilePressed(() => session.selection.nodes());
  // Only what still exists: an undo or a collaborator may have removed a selected element.
  const nodeIds = createMemo(() => [...selectedNodes()].filter((id) => session.view.nodes[id]), [], { equals: sameIds });
  const edgeIds = createMemo(() => [...session.selection.edges()].filter((id) => session.view.edges[id]), [], { equals: sameIds });
  const single = (ids: readonly string[], others: readonly string[]) => (ids.length === 1 && others.length === 0 ? ids[0] : undefined);
  const nodeId = createMemo(() => single(nodeIds(), edgeIds()));
  const edgeId = createMemo(() => single(edgeIds(), nodeIds()));
  const count = () => nodeIds().length + edgeIds().length;

  return (
    <div
      class="inspector-panel"
      role="region"
      aria-label="Inspector"
      onKeyDown={(event) => event.key === "Escape" && count() > 0 && !isEditable(event.target) && session.selection.clear()}
    >
      <Switch>
        <Match when={nodeId()} keyed>
          {(id) => <NodeInspector session={session} nodeId={id} run={props.run} team={props.team} />}
        </Match>
        <Match when={edgeId()} keyed>
          {(id) => <EdgeInspector session={session} edgeId={id} />}
        </Match>
        <Match when={count() > 1}>
          <ManyInspector session={session} nodeIds={nodeIds()} edgeIds={edgeIds()} />
        </Match>
        <Match when={count() === 0}>
          <FlowInspector session={session} />
        </Match>
      </Switch>
    </div>
  );
}

const sameIds = (a: readonly string[], b: readonly string[]) => a.length === b.length && a.every((id, index) => id === b[index]);

/** Escape in a field belongs to the field (e.g. closing a select), not to the panel. */
const isEditable = (target: EventTarget | null) => target instanceof HTMLElement && (target.isContentEditable || /^(INPUT|TEXTAREA|SELECT)$/.test(target.tagName));
