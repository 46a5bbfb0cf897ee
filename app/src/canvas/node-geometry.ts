import { Position, type Handle } from "@xyflow/system";
import { nodeCatalogEntry } from "@nexus-flow/shared/catalog";

/**
 * Where a node's card and handles sit, as numbers the canvas shares with its CSS (handles
 * are placed with these values inline). Edges, fit view, box select and connection drags
 * all read the same geometry, so a node that is not measured yet (or culled) still has
 * exact handle positions.
 */
export const nodeWidth = 220;
export const baseNodeHeight = 56;
export const portSpacing = 24;
export const handleSize = 12;
export const gridSize = 20;

export interface Size {
  readonly width: number;
  readonly height: number;
}

export interface NodePorts {
  /** The input port, when the node type takes input. */
  readonly input?: string;
  readonly outputs: readonly string[];
  readonly defaultOutput?: string;
}

const noPorts: NodePorts = { outputs: [] };
const portsCache = new Map<string, NodePorts>();

export function portsOf(type: string): NodePorts {
  const cached = portsCache.get(type);
  if (cached) return cached;
  const entry = nodeCatalogEntry(type);
  const ports: NodePorts = entry
    ? { ...(entry.inputs[0] !== undefined ? { input: entry.inputs[0] } : {}), outputs: entry.outputs, ...(entry.defaultOutput ? { defaultOutput: entry.defaultOutput } : {}) }
    : noPorts;
  portsCache.set(type, ports);
  return ports;
}

/** The card's size before it is measured (and its real size: the CSS uses these numbers). */
export function defaultSize(type: string): Size {
  const outputs = portsOf(type).outputs.length;
  return { width: nodeWidth, height: Math.max(baseNodeHeight, 16 + outputs * portSpacing) };
}

/** Vertical centre of output `index` of `count`, relative to the card's top. */
export function outputY(height: number, index: number, count: number): number {
  return height / 2 + (index - (count - 1) / 2) * portSpacing;
}

/** Where an edge leaves `port` of a node (the handle's centre), in flow coordinates. */
export function sourcePoint(type: string, position: { x: number; y: number }, size: Size, port: string | undefined): { x: number; y: number } {
  const ports = portsOf(type);
  const index = Math.max(0, ports.outputs.indexOf(port ?? ports.defaultOutput ?? ""));
  return { x: position.x + size.width, y: position.y + outputY(size.height, index, Math.max(1, ports.outputs.length)) };
}

/** Where an edge enters a node (its input handle's centre). */
export function targetPoint(position: { x: number; y: number }, size: Size): { x: number; y: number } {
  return { x: position.x, y: position.y + size.height / 2 };
}

/**
 * The handle bounds XYHandle looks for when a connection is dragged: relative to the node,
 * `source` handles are outputs (id = port), `target` the input (id = "in").
 */
export function handleBoundsOf(nodeId: string, type: string, size: Size): { source: Handle[]; target: Handle[] } {
  const ports = portsOf(type);
  const half = handleSize / 2;
  const source = ports.outputs.map((port, index) => ({
    id: port,
    nodeId,
    type: "source" as const,
    position: Position.Right,
    x: size.width - half,
    y: outputY(size.height, index, ports.outputs.length) - half,
    width: handleSize,
    height: handleSize,
  }));
  const target = ports.input === undefined ? [] : [{ id: "in", nodeId, type: "target" as const, position: Position.Left, x: -half, y: size.height / 2 - half, width: handleSize, height: handleSize }];
  return { source, target };
}

export const snapToGrid = (value: number) => Math.round(value / gridSize) * gridSize;
