import { batch } from "solid-js";
import { isNodeType } from "@nexus-flow/shared/catalog";
import { addNodes, copyFragment, edgesOf, newElementId, nodesOf, pasteFragment, removeElements, type Fragment } from "../flow-doc/index.ts";
import type { EditorSession } from "../editor/editor-session.ts";
import type { EditorCommands } from "../editor/shortcuts.ts";
import { newNode } from "../editor/node-defaults.ts";
import { labelForNew } from "../editor/node-names.ts";
import { toast } from "../ui/toast.tsx";
import { readFragment, writeFragment } from "./clipboard-bridge.ts";
import { defaultSize, gridSize, snapToGrid } from "./node-geometry.ts";
import type { CanvasViewport } from "./viewport.ts";

const pasteStep = 2 * gridSize;

export interface CanvasEdits extends EditorCommands {
  /**
   * Adds a node of `type` centred on a flow point (snapped to the grid) and selects it;
   * `avoid` steps it down and right off any node already there (palette clicks add at the centre).
   */
  addNodeAt(type: string, point: { x: number; y: number }, avoid?: boolean): void;
}

/**
 * What the shortcuts (and the palette) do on the canvas, as edits of the doc. Every edit is
 * refused when the flow is read-only; selection and view commands still work.
 */
export function createEditCommands(session: EditorSession, viewport: CanvasViewport, pointer: () => { x: number; y: number } | undefined, fitView: () => void): CanvasEdits {
  const { doc, selection } = session;
  let pastes = { source: "", count: 0 };
  const editable = () => !session.readOnly();
  const hasTextSelection = () => !(window.getSelection()?.isCollapsed ?? true);

  /** Whether a node already sits at this exact spot. */
  const occupied = (at: { x: number; y: number }) => Object.values(session.view.nodes).some((node) => node.position.x === at.x && node.position.y === at.y);

  /** Fresh ids for a paste: unique in the doc and among each other. */
  const idMaker = () => {
    const taken = new Set<string>();
    return (base: string) => {
      const id = newElementId(base, (candidate) => taken.has(candidate) || nodesOf(doc).has(candidate) || edgesOf(doc).has(candidate));
      taken.add(id);
      return id;
    };
  };

  function place(fragment: Fragment): { x: number; y: number } {
    const key = JSON.stringify(fragment.nodes.map((node) => [node.id, node.position]));
    const fromThisFlow = fragment.nodes.some((node) => nodesOf(doc).has(node.id));
    if (fromThisFlow) {
      pastes = { source: key, count: pastes.source === key ? pastes.count + 1 : 1 };
      return { x: pasteStep * pastes.count, y: pasteStep * pastes.count };
    }
    // From another flow: the fragment's top-left goes to the pointer, or the view's centre.
    const at = pointer() ?? viewport.centre();
    const left = Math.min(...fragment.nodes.map((node) => node.position.x));
    const top = Math.min(...fragment.nodes.map((node) => node.position.y));
    return { x: snapToGrid(at.x - left), y: snapToGrid(at.y - top) };
  }

  function paste(fragment: Fragment, offset: { x: number; y: number }): void {
    // One batch for the new nodes and their selection: what reads both reruns once.
    batch(() => {
      session.undo.stopCapturing();
      const pasted = pasteFragment(doc, fragment, offset, idMaker());
      session.undo.stopCapturing();
      selection.select(pasted);
    });
  }

  return {
    delete() {
      if (!editable()) return false;
      const nodes = selection.nodes();
      const edges = selection.edges();
      if (nodes.size === 0 && edges.size === 0) return false;
      session.undo.stopCapturing();
      batch(() => (removeElements(doc, nodes, edges), selection.clear()));
      return true;
    },
    undo: () => void (editable() && session.undo.undo()),
    redo: () => void (editable() && session.undo.redo()),
    copy() {
      if (selection.nodes().size === 0 || hasTextSelection()) return false;
      void writeFragment(copyFragment(doc, selection.nodes()));
      pastes = { source: "", count: 0 };
      return true;
    },
    paste() {
      if (!editable()) return false;
      void readFragment().then((fragment) => fragment && paste(fragment, place(fragment)));
      return true;
    },
    duplicate() {
      if (!editable() || selection.nodes().size === 0) return false;
      paste(copyFragment(doc, selection.nodes()), { x: pasteStep, y: pasteStep });
      return true;
    },
    selectAll() {
      if (hasTextSelection()) return false;
      selection.select({ nodes: Object.keys(session.view.nodes), edges: Object.keys(session.view.edges) });
      return true;
    },
    clearSelection: () => selection.clear(),
    fitView,
    zoomIn: () => viewport.zoomBy(1.25),
    zoomOut: () => viewport.zoomBy(0.8),
    zoomReset: () => viewport.zoomBy(1 / viewport.transform()[2]),
    addNodeAt(type, point, avoid = false) {
      if (!editable()) return;
      if (!isNodeType(type)) return toast(`Unknown node type "${type}"`, { kind: "error" });
      const size = defaultSize(type);
      const at = { x: snapToGrid(point.x - size.width / 2), y: snapToGrid(point.y - size.height / 2) };
      for (let step = 0; avoid && step < 50 && occupied(at); step++) (at.x += pasteStep), (at.y += pasteStep);
      const id = newElementId(type, (candidate) => nodesOf(doc).has(candidate));
      session.undo.stopCapturing();
      // A second node of a type is named "HTTP request 2" now, so later additions never renumber it.
      const label = labelForNew(type, session.names());
      addNodes(doc, [{ ...newNode(type, id, at), ...(label ? { label } : {}) }]);
      session.undo.stopCapturing();
      selection.select({ nodes: [id] });
    },
  };
}
