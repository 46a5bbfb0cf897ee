import { describe, expect, it } from "vitest";
import { runnerNeeds } from "@nexus-flow/shared";
import { nodeNeeds, offeredConnections, parseLabels, placementOf, placementWarning } from "./placement.ts";
import type { RunnerInfo } from "./team-api.ts";

const runner = (labels: string[], connected = true): RunnerInfo => ({ id: "rn_1", name: "r1", labels, slots: 1, running: 0, connected, version: "0.1.0", connections: [], lastSeenAt: new Date(0).toISOString() });

describe("placement", () => {
  it("cleans typed labels", () => {
    expect(parseLabels(" Linux, gpu  linux ,,")).toEqual(["linux", "gpu"]);
  });

  it("warns only for a runner placement nobody online can take", () => {
    expect(placementWarning(undefined, false, [])).toBeUndefined();
    expect(placementWarning({ labels: ["gpu"] }, true, [runner(["linux", "gpu"])])).toBeUndefined();
    expect(placementWarning({ labels: [] }, true, [runner([])])).toBeUndefined();
    expect(placementWarning({ labels: ["gpu"] }, true, [runner(["linux"]), runner(["gpu"], false)])).toBe("No runner with labels gpu is online: a run fails this node, or waits with \"Queue until a runner is online\".");
    expect(placementWarning({ labels: [] }, true, [])).toBe('No runner is online: a run fails this node, or waits with "Queue until a runner is online".');
    expect(placementWarning({ labels: [] }, true, [runner([])], ["warehouse"])).toContain("No runner with connection warehouse is online");
    expect(placementWarning({ labels: [] }, true, [{ ...runner([]), connections: ["warehouse"] }], ["warehouse"])).toBeUndefined();
    expect(placementWarning({ labels: ["gpu"] }, false, [])).toContain("not connected to a team");
  });

  it("places runner-only types on any runner, and asks of a runner what the shared runnerNeeds says", () => {
    const nodes = [{ type: "db.query", config: { connection: "warehouse" } }, { type: "python", config: {} }, { type: "shell.exec", config: {} }, { type: "transform", config: {} }, { type: "trigger.webhook", config: {} }];
    expect(nodes.map((node) => placementOf(node))).toEqual([{ labels: [] }, { labels: [] }, { labels: [] }, undefined, undefined]);
    for (const node of nodes) expect(nodeNeeds(node)).toEqual(runnerNeeds(node));
    expect(offeredConnections([{ ...runner([]), connections: ["warehouse", "node:python"] }, { ...runner([]), connections: ["ledger", "warehouse"] }])).toEqual(["ledger", "warehouse"]);
  });
});
