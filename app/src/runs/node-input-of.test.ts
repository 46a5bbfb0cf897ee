import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { nodeInput, NodeStatus, RunStatus, type JsonValue, type NodeRecord, type RunState } from "@nexus-flow/shared";
import { compileDag, dagArbitrary } from "../../../shared/test-support/random-dag.ts";
import { inputOfNode } from "./node-input-of.ts";

/** A record per node in any state a run can leave it, with outputs and chosen ports. */
const recordArbitrary: fc.Arbitrary<NodeRecord> = fc.oneof(
  fc.record({ status: fc.constant(NodeStatus.Succeeded), attempts: fc.constant(1), output: fc.integer(), port: fc.option(fc.constantFrom("true", "false"), { nil: undefined }) }),
  fc.record({ status: fc.constant(NodeStatus.Failed), attempts: fc.constant(2), output: fc.option(fc.constant({ error: "x" } as JsonValue), { nil: undefined }) }),
  fc.record({ status: fc.constantFrom(NodeStatus.Skipped, NodeStatus.Idle, NodeStatus.Running), attempts: fc.constant(0) }),
);

describe("a node's input in the Data tab, without compileFlow", () => {
  it("equals the engine's nodeInput over the compiled flow, on random DAGs and run states", () => {
    const cases = dagArbitrary({ maxNodes: 12 }).chain((spec) => fc.tuple(fc.constant(spec), fc.array(recordArbitrary, { minLength: spec.kinds.length, maxLength: spec.kinds.length })));
    fc.assert(
      fc.property(cases, ([spec, records]) => {
        const compiled = compileDag(spec);
        const nodes = Object.fromEntries(compiled.nodes.map((node, i) => [node.id, records[i]!]));
        const state: RunState = { runId: "r", flow: compiled.flow, input: spec.input, status: RunStatus.Running, startedAt: 0, cancelRequested: false, nodes, signals: {} };
        for (const node of compiled.nodes) expect(inputOfNode(state, node.id)).toEqual(nodeInput(compiled, state, node));
        expect(inputOfNode(state, "not-a-node")).toBeUndefined();
      }),
    );
  });
});
