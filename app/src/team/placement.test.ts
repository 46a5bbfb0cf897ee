import { describe, expect, it } from "vitest";
import { parseLabels, placementWarning } from "./placement.ts";
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
    expect(placementWarning({ labels: ["gpu"] }, true, [runner(["linux"]), runner(["gpu"], false)])).toBe("No runner with labels gpu is online: a run waits for one.");
    expect(placementWarning({ labels: [] }, true, [])).toBe("No runner is online: a run waits for one.");
    expect(placementWarning({ labels: ["gpu"] }, false, [])).toContain("not connected to a team");
  });
});
