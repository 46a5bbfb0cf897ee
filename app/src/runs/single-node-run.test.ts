import { describe, expect, it } from "vitest";
import { planRerun, startRun, validateFlow, type CompiledFlow, type Flow } from "@nexus-flow/shared";
import { planSingleNode } from "./single-node-run.ts";

//   start ─► a ─► b ─► c        side (unconnected)
const flow: Flow = {
  schemaVersion: 1,
  id: "single",
  name: "Single",
  nodes: [
    { id: "start", type: "trigger.manual", position: { x: 0, y: 0 }, config: {} },
    { id: "a", type: "noop", position: { x: 1, y: 0 }, config: {} },
    { id: "b", type: "noop", position: { x: 2, y: 0 }, config: {}, disabled: true },
    { id: "c", type: "noop", position: { x: 3, y: 0 }, config: {} },
    { id: "side", type: "noop", position: { x: 0, y: 1 }, config: {} },
  ],
  edges: [
    { id: "e1", source: "start", target: "a" },
    { id: "e2", source: "a", target: "b" },
    { id: "e3", source: "b", target: "c" },
  ],
};
const compile = (document: Flow): CompiledFlow => {
  const checked = validateFlow(document);
  if (!checked.ok) throw new Error("invalid");
  return checked.compiled;
};
const clock = { now: () => 0, sleep: () => Promise.resolve() };

describe("Run this node", () => {
  it("keeps the node and its upstream only, runs the node even when disabled, and reuses the upstream results", async () => {
    const first = await startRun({ compiled: compile(flow), runId: "r1", input: 1 }, { clock, executors: { noop: ({ input }) => ({ output: input }) } }).done;
    const plan = planSingleNode(first, compile(flow), "b");
    expect(plan.flow.nodes.map((node) => node.id)).toEqual(["start", "a", "b"]);
    expect(plan.flow.nodes.find((node) => node.id === "b")).not.toHaveProperty("disabled");
    expect(plan.flow.edges.map((edge) => edge.id)).toEqual(["e1", "e2"]);
    expect(Object.keys(plan.reuse ?? {}).sort()).toEqual(["a", "start"]);
    expect(plan.rerunOf).toEqual({ runId: "r1", fromNode: "b" });
    expect(() => planRerun(first, compile(plan.flow), "b")).not.toThrow();
  });

  it("a node with nothing upstream runs alone on the run input; one with upstream needs a run first", () => {
    expect(planSingleNode(undefined, compile(flow), "side")).toEqual({ flow: expect.objectContaining({ nodes: [expect.objectContaining({ id: "side" })], edges: [] }) });
    expect(() => planSingleNode(undefined, compile(flow), "c")).toThrow(/Run the flow once first/);
  });
});
