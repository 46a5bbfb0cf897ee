import * as Y from "yjs";
import { createRoot } from "solid-js";
import { describe, expect, it } from "vitest";
import type { Flow } from "@nexus-flow/shared";
import { markValidated, moveNodes, renameFlow, setConfigField, writeFlow } from "../flow-doc/index.ts";
import { flowChecks } from "../runs/flow-checks.ts";
import type { FlowCheck } from "../runs/engine-api.ts";
import { trackFlowIssues } from "./flow-issues.ts";

const flow: Flow = {
  schemaVersion: 1, id: "f", name: "F",
  nodes: [
    { id: "a", type: "trigger.manual", position: { x: 0, y: 0 }, config: {} },
    { id: "b", type: "delay", position: { x: 200, y: 0 }, config: { ms: 10 } },
  ],
  edges: [{ id: "e1", source: "a", target: "b" }],
};

const tick = () => new Promise((resolve) => setTimeout(resolve, 5));

describe("live flow issues (validated in the engine worker)", () => {
  it("files the answer's issues under their nodes, and keeps the validated flow when there are none", async () => {
    const doc = writeFlow(new Y.Doc(), flow);
    await createRoot(async (dispose) => {
      const issues = trackFlowIssues(doc, 0, (draft) => flowChecks.validate(draft));
      expect(issues()).toEqual({ byNode: {}, other: [] }); // no answer yet
      await tick();
      expect(issues().flow).toEqual(flow);
      setConfigField(doc, "b", "ms", -1);
      await tick();
      expect(issues().flow).toBeUndefined();
      expect(issues().byNode.b).toEqual([{ path: "config.ms", message: expect.any(String) }]);
      dispose();
    });
  });

  it("drops an answer that arrives after the answer for a newer draft", async () => {
    const doc = writeFlow(new Y.Doc(), flow);
    const answers: Array<(check: FlowCheck) => void> = [];
    await createRoot(async (dispose) => {
      const issues = trackFlowIssues(doc, 0, () => new Promise((resolve) => answers.push(resolve)));
      renameFlow(doc, "Newer");
      await tick();
      expect(answers).toHaveLength(2);
      answers[1]!({ ok: true, flow: { ...flow, name: "Newer" } });
      await tick();
      answers[0]!({ ok: false, issues: [{ path: "", message: "stale" }] });
      await tick();
      expect(issues()).toMatchObject({ other: [], flow: { name: "Newer" } });
      dispose();
    });
  });

  it("does not re-check a valid flow for moves made here, and re-checks anything else", async () => {
    const doc = writeFlow(new Y.Doc(), flow);
    let checks = 0;
    await createRoot(async (dispose) => {
      const issues = trackFlowIssues(doc, 0, (draft) => (checks++, flowChecks.validate(draft)));
      await tick();
      expect(checks).toBe(1);
      moveNodes(doc, [{ id: "a", x: 20, y: 40 }, { id: "b", x: 300, y: 40 }]);
      await tick();
      expect(checks).toBe(1); // a move keeps a valid flow valid
      setConfigField(doc, "b", "ms", -1);
      await tick();
      expect(checks).toBe(2);
      expect(issues().byNode.b).toHaveLength(1);
      moveNodes(doc, [{ id: "a", x: 0, y: 0 }]);
      await tick();
      expect(checks).toBe(3); // with issues shown, every change is checked again
      dispose();
    });
  });

  it("takes a just-imported flow's validation as the first answer, unless the doc changed since", async () => {
    const imported = writeFlow(new Y.Doc(), flow);
    markValidated(imported, flow);
    const edited = writeFlow(new Y.Doc(), flow);
    markValidated(edited, flow);
    renameFlow(edited, "Edited");
    const deleted = writeFlow(new Y.Doc(), flow);
    markValidated(deleted, flow);
    deleted.transact(() => deleted.getMap("nodes").delete("b")); // a deletion alone: no new clock
    let checks = 0;
    await createRoot(async (dispose) => {
      const issues = trackFlowIssues(imported, 0, (draft) => (checks++, flowChecks.validate(draft)));
      expect(issues()).toEqual({ byNode: {}, other: [], flow }); // at once, not asked again
      trackFlowIssues(edited, 0, (draft) => (checks++, flowChecks.validate(draft)));
      trackFlowIssues(deleted, 0, (draft) => (checks++, flowChecks.validate(draft)));
      await tick();
      expect(checks).toBe(2); // only the edited docs
      setConfigField(imported, "b", "ms", -1);
      await tick();
      expect(checks).toBe(3);
      expect(issues().byNode.b).toHaveLength(1);
      dispose();
    });
  });
});
