import { connect, connectionProblem, edgesOf, moveNodes, newElementId } from "../flow-doc/index.ts";
import { defaultSize, gridSize, portsOf } from "../canvas/node-geometry.ts";
import { announce } from "../ui/announce.tsx";
import { isTypingTarget } from "./shortcuts.ts";
import type { EditorSession } from "./editor-session.ts";

/**
 * Building a flow without a pointer. With nodes selected, arrow keys move them a grid step
 * (Shift: five); `C` starts a connection from the selected node, arrow keys (or Tab) pick the
 * target nearest in that direction, `C` again switches the output port, Enter connects,
 * Escape cancels; F2 renames the selected node in place. Each step is said in the live region. Keys go to the canvas only when the
 * canvas, a node or nothing has focus, so arrow keys keep working in lists and menus.
 */
export const bigStep = 5 * gridSize;

type Direction = { x: number; y: number };
const directions: Record<string, Direction> = { ArrowLeft: { x: -1, y: 0 }, ArrowRight: { x: 1, y: 0 }, ArrowUp: { x: 0, y: -1 }, ArrowDown: { x: 0, y: 1 } };

interface Picking {
  source: string;
  port: string | undefined;
  target: string | undefined;
}

export function bindKeyboardBuilding(session: EditorSession, enabled: () => boolean = () => !document.querySelector("dialog[open]")): () => void {
  let picking: Picking | undefined;
  const name = (id: string) => session.nameOf(id);

  const centre = (id: string) => {
    const node = session.view.nodes[id]!;
    const size = defaultSize(node.type);
    return { x: node.position.x + size.width / 2, y: node.position.y + size.height / 2 };
  };
  /** Nodes that take input, other than the source. */
  const candidates = (source: string) => Object.keys(session.view.nodes).filter((id) => id !== source && portsOf(session.view.nodes[id]!.type).input !== undefined);

  /** The candidate nearest `from` in a direction (distance across it counts double); any nearest without one. */
  function nearest(from: string, exclude: string, direction?: Direction): string | undefined {
    const origin = centre(from);
    let best: { id: string; score: number } | undefined;
    for (const id of candidates(exclude)) {
      if (id === from) continue;
      const at = centre(id);
      const dx = at.x - origin.x;
      const dy = at.y - origin.y;
      const along = direction ? dx * direction.x + dy * direction.y : Math.hypot(dx, dy);
      if (direction && along <= 0) continue;
      const across = direction ? Math.abs(dx * direction.y) + Math.abs(dy * direction.x) : 0;
      const score = along + 2 * across;
      if (!best || score < best.score) best = { id, score };
    }
    return best?.id;
  }

  function describeTarget(): string {
    if (!picking?.target) return `No node to connect ${name(picking!.source)} to.`;
    const problem = connectionProblem(session.doc, edgeOf(picking));
    return `Target: ${name(picking.target)}${problem ? ` (cannot connect: ${problem})` : ""}. Enter connects, Escape cancels.`;
  }
  const edgeOf = (p: Picking) => ({ source: p.source, target: p.target!, ...(p.port && p.port !== portsOf(session.view.nodes[p.source]!.type).defaultOutput ? { sourcePort: p.port } : {}) });
  const show = () => session.setKeyConnect(picking && { source: picking.source, target: picking.target });

  function start(): boolean {
    const selected = [...session.selection.nodes()];
    if (selected.length !== 1 || session.readOnly()) return false;
    const source = selected[0]!;
    const ports = portsOf(session.view.nodes[source]?.type ?? "");
    if (ports.outputs.length === 0) return announce(`${name(source)} has no output to connect.`), true;
    picking = { source, port: ports.defaultOutput ?? ports.outputs[0], target: nearest(source, source, directions.ArrowRight) ?? nearest(source, source) };
    show();
    announce(`Connecting from ${name(source)}${ports.outputs.length > 1 ? `, output ${picking.port}` : ""}. ${describeTarget()}`);
    return true;
  }

  function stop(message: string): void {
    picking = undefined;
    show();
    announce(message);
  }

  function finish(): void {
    if (!picking?.target) return stop("Connection cancelled: no target.");
    const edge = { id: newElementId("edge", (id) => edgesOf(session.doc).has(id)), ...edgeOf(picking) };
    session.undo.stopCapturing();
    const result = connect(session.doc, edge);
    const from = name(picking.source);
    const to = name(picking.target);
    if (result.ok) stop(`Connected ${from} to ${to}.`);
    else announce(`Cannot connect ${from} to ${to}: ${result.reason}`);
  }

  function onPicking(event: KeyboardEvent): boolean {
    const p = picking!;
    if (event.key === "Escape") return stop("Connection cancelled."), true;
    if (event.key === "Enter") return finish(), true;
    if (event.key.toLowerCase() === "c") {
      const outputs = portsOf(session.view.nodes[p.source]!.type).outputs;
      p.port = outputs[(outputs.indexOf(p.port ?? "") + 1) % outputs.length];
      return announce(`Output ${p.port}. ${describeTarget()}`), true;
    }
    const direction = directions[event.key];
    if (direction || event.key === "Tab") {
      const all = candidates(p.source).sort();
      const next = direction ? nearest(p.target ?? p.source, p.source, direction) : all[(all.indexOf(p.target ?? "") + (event.shiftKey ? all.length - 1 : 1)) % all.length];
      if (next) p.target = next;
      show();
      announce(next ? describeTarget() : "No node that way.");
      return true;
    }
    return false;
  }

  function move(direction: Direction, step: number): boolean {
    const ids = [...session.selection.nodes()].filter((id) => session.view.nodes[id]);
    if (ids.length === 0 || session.readOnly()) return false;
    moveNodes(session.doc, ids.map((id) => ({ id, x: session.view.nodes[id]!.position.x + direction.x * step, y: session.view.nodes[id]!.position.y + direction.y * step })));
    const first = session.view.nodes[ids[0]!]!.position;
    announce(ids.length === 1 ? `Moved ${name(ids[0]!)} to ${first.x}, ${first.y}.` : `Moved ${ids.length} nodes.`);
    return true;
  }

  function rename(): boolean {
    const selected = [...session.selection.nodes()];
    if (selected.length !== 1 || session.readOnly()) return false;
    session.setRenaming(selected[0]);
    return true;
  }

  const onKeyDown = (event: KeyboardEvent) => {
    if (event.defaultPrevented || event.isComposing || event.ctrlKey || event.metaKey || event.altKey || isTypingTarget(event.target) || !enabled()) return;
    if (picking && !session.view.nodes[picking.source]) picking = undefined;
    const onCanvas = event.target === document.body || (event.target instanceof Element && !!event.target.closest(".canvas"));
    let handled = false;
    if (picking) handled = onPicking(event);
    else if (!onCanvas) return;
    else if (directions[event.key]) handled = move(directions[event.key]!, event.shiftKey ? bigStep : gridSize);
    else if (event.key.toLowerCase() === "c" && !event.shiftKey) handled = start();
    else if (event.key === "F2") handled = rename();
    if (!handled) return;
    // Before the canvas's own shortcuts (Escape would clear the selection) and the node's Enter.
    event.preventDefault();
    event.stopPropagation();
  };
  document.addEventListener("keydown", onKeyDown, true);
  return () => {
    document.removeEventListener("keydown", onKeyDown, true);
    session.setKeyConnect(undefined);
  };
}
