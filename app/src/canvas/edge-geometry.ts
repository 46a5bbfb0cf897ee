import { getBezierPath, Position } from "@xyflow/system";
import type { DocView } from "../editor/doc-mirror.ts";
import type { FlowLookup } from "./flow-lookup.ts";
import { portsOf, sourcePoint, targetPoint } from "./node-geometry.ts";
import { bezierPieces } from "./edge-pieces.ts";

export interface EdgeShape {
  /** The bezier as an SVG path. */
  readonly path: string;
  /** The path with its arrowhead (edges always enter from the left). */
  readonly arrow: string;
  /** Where the line starts (the source handle) and ends (the target handle), for `edgePieces`. */
  readonly from: { readonly x: number; readonly y: number };
  readonly to: { readonly x: number; readonly y: number };
  readonly labelX: number;
  readonly labelY: number;
  /** The source port's name, when the source has several (a condition's true / false). */
  readonly label?: string | undefined;
}

/**
 * Where an edge runs, from its two end nodes only. Reads the Solid view, so inside a
 * computation it tracks exactly those two nodes.
 */
export function edgeShape(view: DocView, lookup: FlowLookup, id: string): EdgeShape | undefined {
  const edge = view.edges[id];
  const source = edge && view.nodes[edge.source];
  const target = edge && view.nodes[edge.target];
  if (!edge || !source || !target) return undefined;
  const from = sourcePoint(source.type, source.position, lookup.size(edge.source, source.type), edge.sourcePort);
  const to = targetPoint(target.position, lookup.size(edge.target, target.type));
  const [path, labelX, labelY] = getBezierPath({ sourceX: from.x, sourceY: from.y, sourcePosition: Position.Right, targetX: to.x, targetY: to.y, targetPosition: Position.Left });
  const ports = portsOf(source.type);
  const label = ports.outputs.length > 1 ? (edge.sourcePort ?? ports.defaultOutput) : undefined;
  // The arrowhead is part of the path: SVG markers would give every edge a transform of its own.
  const arrow = `${path}${arrowHead(to)}`;
  return { path, arrow, from, to, labelX, labelY, label };
}

/**
 * `arrow` as short pieces, for the layer of all cards and edges (edge-pieces.ts); worked out only
 * where drawn so (the overview draws whole paths).
 */
export function edgePieces({ from, to }: Pick<EdgeShape, "from" | "to">): string[] {
  // The controls getBezierPath uses from a right-hand source handle to a left-hand target one.
  const reach = controlOffset(to.x - from.x);
  return bezierPieces([from.x, from.y], [from.x + reach, from.y], [to.x - reach, to.y], [to.x, to.y], arrowHead(to));
}

const arrowHead = (to: { x: number; y: number }) => ` M${to.x - 7},${to.y - 4.5} L${to.x - 1},${to.y} L${to.x - 7},${to.y + 4.5}`;

/** How far a control point lies from its end (@xyflow/system's calculateControlOffset, curvature 0.25). */
export const controlOffset = (dx: number): number => (dx >= 0 ? 0.5 * dx : 0.25 * 25 * Math.sqrt(-dx));
