import { isNodeType } from "@nexus-flow/shared/catalog";
import { addNodes, connect, edgesOf, newElementId, nodesOf } from "../flow-doc/index.ts";
import { defaultSize, gridSize, portsOf, snapToGrid } from "../canvas/node-geometry.ts";
import { newNode } from "./node-defaults.ts";
import { labelForNew } from "./node-names.ts";
import type { EditorSession } from "./editor-session.ts";

const gap = 4 * gridSize;

/**
 * A palette click with one node selected (n8n's way): the new node goes to the right of it,
 * below any node already there, connected from its output, and is selected. Adding and
 * connecting are one undo step. Returns false when it does not apply (nothing or several
 * selected, no output, or the new type takes no input), so the caller adds it the usual way.
 */
export function addConnectedToSelection(session: EditorSession, type: string): boolean {
  const selected = [...session.selection.nodes()];
  const from = selected.length === 1 ? session.view.nodes[selected[0]!] : undefined;
  if (!from || session.readOnly() || !isNodeType(type)) return false;
  const ports = portsOf(from.type);
  const port = ports.defaultOutput ?? ports.outputs[0];
  if (port === undefined || portsOf(type).input === undefined) return false;
  const size = defaultSize(type);
  const at = { x: snapToGrid(from.position.x + defaultSize(from.type).width + gap), y: snapToGrid(from.position.y) };
  while (overlapsAny(session, at, size)) at.y += size.height + gridSize * 2;
  const id = newElementId(type, (candidate) => nodesOf(session.doc).has(candidate));
  const label = labelForNew(type, session.names());
  session.undo.stopCapturing();
  addNodes(session.doc, [{ ...newNode(type, id, at), ...(label ? { label } : {}) }]);
  const edge = { id: newElementId("edge", (candidate) => edgesOf(session.doc).has(candidate)), source: selected[0]!, target: id, ...(port !== ports.defaultOutput ? { sourcePort: port } : {}) };
  connect(session.doc, edge);
  session.undo.stopCapturing();
  session.selection.select({ nodes: [id] });
  return true;
}

function overlapsAny(session: EditorSession, at: { x: number; y: number }, size: { width: number; height: number }): boolean {
  return Object.values(session.view.nodes).some((node) => {
    const other = defaultSize(node.type);
    return at.x < node.position.x + other.width && node.position.x < at.x + size.width && at.y < node.position.y + other.height && node.position.y < at.y + size.height;
  });
}
