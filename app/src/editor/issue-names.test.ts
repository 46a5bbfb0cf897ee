import { describe, expect, it } from "vitest";
import type { Flow } from "@nexus-flow/shared";
import { nameIssue } from "./issue-names.ts";

//  a "Shape" ─► b (unlabelled Code) ─► a
const flow = {
  nodes: [
    { id: "a", type: "transform", label: "Shape", position: { x: 0, y: 0 }, config: { code: "" } },
    { id: "b", type: "transform", position: { x: 0, y: 0 }, config: { code: "" } },
  ],
  edges: [
    { id: "e1", source: "a", target: "b" },
    { id: "e2", source: "b", target: "a" },
  ],
} as unknown as Flow;

describe("issues in the canvas's words", () => {
  it("names the nodes of a cycle and of an edge's path", () => {
    expect(nameIssue({ path: "edges[1]", message: "this would create a cycle: a → b → a" }, flow)).toEqual({ path: "edges[1] (Code → Shape)", message: "this would create a cycle: Shape → Code → Shape" });
  });

  it("names quoted ids and leaves other words alone", () => {
    expect(nameIssue({ path: "", message: '"b" has no output "x"; "zzz" is unknown' }, flow)).toEqual({ path: "", message: '"Code" has no output "x"; "zzz" is unknown' });
  });

  it("starts a node's path with its name", () => {
    expect(nameIssue({ path: "nodes[1].config.code", message: "required" }, flow).path).toBe("Code › config.code");
  });
});
