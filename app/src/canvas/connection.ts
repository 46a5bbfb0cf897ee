import { createMemo, createSelector, createSignal, type Accessor } from "solid-js";
import { ConnectionMode, XYHandle, initialConnection, type Connection, type ConnectionState, type FinalConnectionState, type Handle } from "@xyflow/system";
import { connect, connectionProblem, edgesOf, newElementId } from "../flow-doc/index.ts";
import type { EditorSession } from "../editor/editor-session.ts";
import { toast } from "../ui/toast.tsx";
import type { CanvasInternalNode, FlowLookup } from "./flow-lookup.ts";
import type { CanvasViewport } from "./viewport.ts";
import { portsOf } from "./node-geometry.ts";

/** XYHandle finds handles by `.<lib>-flow__handle[data-id="<scope>-<node>-<handle>-<type>"]`. */
export const handleLib = "nexus";
export const handleScope = "canvas";
export const handleKey = (nodeId: string, handleId: string, type: "source" | "target") => `${handleScope}-${nodeId}-${handleId}-${type}`;

export interface ConnectionController {
  /** The connection being dragged (its `to` is in pane coordinates), or the idle state. */
  readonly state: Accessor<ConnectionState<CanvasInternalNode>>;
  /** The handle under the pointer while connecting (`handleKey`), and whether it accepts. */
  readonly target: Accessor<{ key: string; nodeId: string; valid: boolean } | undefined>;
  /** O(1) per change: only the handle (node) entering or leaving the target state re-renders. */
  isTargetHandle(key: string): boolean;
  isTargetNode(nodeId: string): boolean;
  start(event: MouseEvent, nodeId: string, handleId: string, type: "source" | "target", handleElement: Element): void;
}

export function createConnections(session: EditorSession, lookup: FlowLookup, viewport: CanvasViewport, container: () => HTMLElement): ConnectionController {
  const [state, setState] = createSignal<ConnectionState<CanvasInternalNode>>(initialConnection);
  const problems = new Map<string, string | undefined>();

  /** The edge a connection would add; a single-output node's default port is left implicit. */
  const edgeOf = (connection: Connection): { source: string; target: string; sourcePort?: string } => {
    const port = connection.sourceHandle ?? undefined;
    const type = lookup.nodeLookup.get(connection.source)?.type;
    const implicit = type !== undefined && port !== undefined && portsOf(type).defaultOutput === port;
    return { source: connection.source, target: connection.target, ...(port !== undefined && !implicit ? { sourcePort: port } : {}) };
  };

  /** Why an edge may not be drawn, cached for the drag (the cycle check walks every edge). */
  const problemOf = (connection: Connection): string | undefined => {
    const key = `${connection.source}\u0000${connection.sourceHandle}\u0000${connection.target}`;
    if (!problems.has(key)) problems.set(key, connectionProblem(session.doc, edgeOf(connection)));
    return problems.get(key);
  };

  const target = createMemo(
    () => {
      const current = state();
      if (!current.inProgress || !current.toHandle || current.isValid === null) return undefined;
      const to = current.toHandle;
      return { key: handleKey(to.nodeId, to.id ?? "", to.type), nodeId: to.nodeId, valid: current.isValid };
    },
    undefined,
    { equals: (a, b) => a?.key === b?.key && a?.valid === b?.valid },
  );
  const isTargetHandle = createSelector(() => target()?.key);
  const isTargetNode = createSelector(() => target()?.nodeId);

  function finish(event: MouseEvent | TouchEvent, final: FinalConnectionState<CanvasInternalNode>, connected: boolean): void {
    problems.clear();
    if (connected || !final.fromHandle) return;
    if (final.toHandle && final.isValid === false) return refuse(connectionBetween(final.fromHandle, final.toHandle));
    // Dropped on a node's body rather than on its handle: connect to that node's input.
    const point = "clientX" in event ? event : event.changedTouches[0];
    const element = point && document.elementFromPoint(point.clientX, point.clientY)?.closest<HTMLElement>("[data-node-id]");
    const nodeId = element?.dataset.nodeId;
    if (!nodeId || nodeId === final.fromHandle.nodeId || final.fromHandle.type !== "source") return;
    create({ source: final.fromHandle.nodeId, sourceHandle: final.fromHandle.id ?? null, target: nodeId, targetHandle: "in" });
  }

  function refuse(connection: Connection | undefined): void {
    const reason = connection ? connectionProblem(session.doc, edgeOf(connection)) : "connect an output to an input";
    if (reason) toast(reason, { kind: "error" });
  }

  function create(connection: Connection): void {
    const edge = { id: newElementId("edge", (id) => edgesOf(session.doc).has(id)), ...edgeOf(connection) };
    const result = connect(session.doc, edge);
    if (!result.ok) toast(result.reason, { kind: "error" });
  }

  return {
    state,
    target,
    isTargetHandle,
    isTargetNode,
    start(event, nodeId, handleId, type, handleElement) {
      if (session.readOnly() || event.button !== 0) return;
      let connected = false;
      XYHandle.onPointerDown(event, {
        autoPanOnConnect: true,
        connectionMode: ConnectionMode.Strict,
        connectionRadius: 28,
        domNode: container() as HTMLDivElement,
        handleId,
        nodeId,
        isTarget: type === "target",
        nodeLookup: lookup.nodeLookup,
        lib: handleLib,
        flowId: handleScope,
        panBy: viewport.panBy,
        updateConnection: (next) => setState(next as ConnectionState<CanvasInternalNode>),
        cancelConnection: () => setState(initialConnection),
        isValidConnection: (connection) => !problemOf(connection as Connection),
        onConnect: (connection) => {
          connected = true;
          create(connection);
        },
        onConnectEnd: (endEvent, final) => finish(endEvent, final as FinalConnectionState<CanvasInternalNode>, connected),
        getTransform: viewport.transform,
        getFromHandle: () => state().fromHandle,
        handleDomNode: handleElement,
      });
    },
  };
}


function connectionBetween(from: Handle, to: Handle): Connection | undefined {
  if (from.type === to.type) return undefined;
  const [source, target] = from.type === "source" ? [from, to] : [to, from];
  return { source: source.nodeId, sourceHandle: source.id ?? null, target: target.nodeId, targetHandle: target.id ?? null };
}
