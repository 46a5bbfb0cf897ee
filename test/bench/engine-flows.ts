import type { Flow, FlowNode } from "@nexus-flow/shared";

const at = (i: number) => ({ x: (i % 100) * 220, y: Math.floor(i / 100) * 120 });

/** trigger → n no-op nodes (or `node(i)`) in parallel → merge: the scheduler's widest case. */
export function fanOutFanIn(width: number, node: (i: number) => Pick<FlowNode, "type" | "config"> = () => ({ type: "noop", config: {} })): Flow {
  const nodes: FlowNode[] = [
    { id: "start", type: "trigger.manual", position: at(0), config: {} },
    { id: "join", type: "merge", position: at(width + 1), config: {} },
  ];
  const edges: Flow["edges"] = [];
  for (let i = 0; i < width; i++) {
    nodes.push({ id: `n${i}`, position: at(i + 1), ...node(i) } as FlowNode);
    edges.push({ id: `a${i}`, source: "start", target: `n${i}` }, { id: `b${i}`, source: `n${i}`, target: "join" });
  }
  return { schemaVersion: 1, id: `fan-${width}`, name: `fan-out/fan-in ${width}`, nodes, edges };
}

/** trigger → n nodes in a line: the scheduler's deepest case. */
export function chain(length: number, node: (i: number) => Pick<FlowNode, "type" | "config"> = () => ({ type: "noop", config: {} })): Flow {
  const nodes = [{ id: "start", type: "trigger.manual", position: at(0), config: {} } as FlowNode];
  const edges: Flow["edges"] = [];
  for (let i = 0; i < length; i++) {
    nodes.push({ id: `n${i}`, position: at(i + 1), ...node(i) } as FlowNode);
    edges.push({ id: `e${i}`, source: i === 0 ? "start" : `n${i - 1}`, target: `n${i}` });
  }
  return { schemaVersion: 1, id: `chain-${length}`, name: `chain ${length}`, nodes, edges };
}
