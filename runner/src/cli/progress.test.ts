import { describe, expect, it } from "vitest";
import type { Flow, FlowNode, RunEvent } from "@nexus-flow/shared";
import { nexus, workspace } from "../../test-support/cli-harness.ts";
import { createProgressReporter } from "./progress-reporter.ts";

/**
 * start → n0 (throws) → n1 → … → n{length-1}: the failure cancels everything after it in one step.
 */
function failingChain(length: number): Flow {
  const nodes: FlowNode[] = [{ id: "start", type: "trigger.manual", position: { x: 0, y: 0 }, config: {} }];
  const edges: Flow["edges"] = [];
  for (let i = 0; i < length; i++) {
    const config = i === 0 ? { code: "throw new Error('boom')" } : { code: "return input" };
    nodes.push({ id: `n${i}`, type: "transform", position: { x: i * 10, y: 0 }, config } as FlowNode);
    edges.push({ id: `e${i}`, source: i === 0 ? "start" : `n${i - 1}`, target: `n${i}` });
  }
  return { schemaVersion: 1, id: "chain", name: "Chain", nodes, edges };
}

describe("progress on stderr", () => {
  it("summarizes a step that changes more than a screenful of nodes: a failed 1,000-node chain says '999 nodes cancelled'", async () => {
    const result = await nexus(workspace({ "f.json": failingChain(1000) }), "run", "f.json");
    expect(result.code).toBe(1);
    const lines = result.stderr.trim().split("\n");
    expect(lines).toContain("  n0: failed: boom");
    expect(lines).toContain("  999 nodes cancelled");
    expect(lines.filter((line) => line.endsWith(": cancelled"))).toEqual([]);
    expect(lines.length).toBeLessThan(12);
    expect(lines.at(-1)).toMatch(/^run failed: node "n0" failed: boom \(/);
  });

  it("keeps one line per node for a small flow", async () => {
    const result = await nexus(workspace({ "f.json": failingChain(5) }), "run", "f.json");
    expect(result.code).toBe(1);
    const cancelled = result.stderr.split("\n").filter((line) => line.endsWith(": cancelled"));
    expect(cancelled).toEqual(["  n1: cancelled", "  n2: cancelled", "  n3: cancelled", "  n4: cancelled"]);
  });

  it("counts nodes, not lines, against the screen, and names the first failure in a summary", () => {
    let text = "";
    const reporter = createProgressReporter((chunk) => void (text += chunk), { screenful: 3 });
    // Three nodes each start and succeed in one step: six lines, three nodes, so one line each.
    reporter.report(["a", "b", "c"].flatMap((nodeId): RunEvent[] => [
      { type: "node.started", nodeId, attempt: 1, at: 0 },
      { type: "node.succeeded", nodeId, attempt: 1, output: null, at: 5 },
    ]));
    expect(text.split("\n").filter(Boolean)).toHaveLength(6);
    text = "";
    reporter.report(["d", "e", "f", "g"].map((nodeId) => ({ type: "node.failed" as const, nodeId, attempt: 1, at: 0, error: { code: "X", message: `${nodeId} broke`, retryable: false } })));
    expect(text).toBe("  4 nodes failed (first: d: failed: d broke)\n");
  });

  it("with afterTurn, pools the steps of one turn: many small steps of quick nodes print one summary, not a line per node", () => {
    let text = "";
    const turns: Array<() => void> = [];
    const reporter = createProgressReporter((chunk) => void (text += chunk), { screenful: 3, afterTurn: (flush) => void turns.push(flush) });
    for (const nodeId of ["a", "b", "c", "d"]) {
      reporter.report([{ type: "node.started", nodeId, attempt: 1, at: 0 }]);
      reporter.report([{ type: "node.succeeded", nodeId, attempt: 1, output: null, at: 1 }]);
    }
    expect(text).toBe("");
    expect(turns).toHaveLength(1);
    turns.shift()!();
    expect(text).toBe("  4 nodes succeeded\n");
    // A small turn keeps one line per node, and a run line writes what was pooled before it.
    text = "";
    reporter.report([{ type: "node.started", nodeId: "e", attempt: 1, at: 0 }]);
    reporter.report([{ type: "run.finished", status: "succeeded", at: 2 } as RunEvent]);
    expect(text).toBe("  e: running\nrun succeeded (2 ms)\n");
    turns.shift()!();
    expect(text).toBe("  e: running\nrun succeeded (2 ms)\n");
  });
});
