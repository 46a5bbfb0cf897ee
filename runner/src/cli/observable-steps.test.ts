import { describe, expect, it } from "vitest";
import type { Flow, RunEvent } from "@nexus-flow/shared";
import { observableSteps } from "./observable-steps.ts";

//   start → pure (transform) → call (http.request) → done (noop)
const flow: Flow = {
  schemaVersion: 1, id: "f", name: "F",
  nodes: [
    { id: "start", type: "trigger.manual", position: { x: 0, y: 0 }, config: {} },
    { id: "pure", type: "transform", position: { x: 1, y: 0 }, config: { code: "return input" } },
    { id: "call", type: "http.request", position: { x: 2, y: 0 }, config: { method: "GET", url: "http://127.0.0.1/" } },
    { id: "done", type: "noop", position: { x: 3, y: 0 }, config: {} },
  ],
  edges: [],
} as Flow;

describe("which steps a --durability fsync run syncs", () => {
  const mustSync = observableSteps(flow);
  const started = (nodeId: string): RunEvent => ({ type: "node.started", nodeId, attempt: 1, at: 0 });

  it("skips steps whose work stays in the process", () => {
    expect(mustSync([started("start"), { type: "node.succeeded", nodeId: "start", attempt: 1, output: null, at: 0 }, started("pure")])).toBe(false);
    expect(mustSync([{ type: "node.succeeded", nodeId: "pure", attempt: 1, output: null, at: 0 }, started("done")])).toBe(false);
  });

  it("syncs before a node acts on the world, before waiting, and at the end", () => {
    expect(mustSync([{ type: "node.succeeded", nodeId: "pure", attempt: 1, output: null, at: 0 }, started("call")])).toBe(true);
    expect(mustSync([{ type: "node.waiting", nodeId: "pure", attempt: 1, at: 0, reason: "delay", until: 5 }])).toBe(true);
    expect(mustSync([{ type: "run.finished", status: "succeeded", at: 1 }])).toBe(true);
  });

  it("treats a node type it does not know as acting on the world", () => {
    expect(observableSteps({ ...flow, nodes: [{ id: "x", type: "postgres.query", position: { x: 0, y: 0 }, config: {} }] } as unknown as Flow)([started("x")])).toBe(true);
  });
});
