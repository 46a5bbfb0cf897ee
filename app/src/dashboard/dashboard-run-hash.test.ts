import { describe, expect, it } from "vitest";
import { dashboardRunFromHash, dashboardRunHash, isDashboardHash, routeFromHash } from "../routes.ts";

describe("the Dashboard's run links", () => {
  it("round-trip a run id and node id, whatever characters they hold", () => {
    for (const [runId, nodeId] of [["r-1", "work"], ["a/b c", "nœud #2"], ["x", undefined]] as const) {
      const hash = dashboardRunHash(runId, nodeId);
      expect(dashboardRunFromHash(hash)).toEqual(nodeId ? { runId, nodeId } : { runId });
      expect(isDashboardHash(hash)).toBe(true);
      expect(routeFromHash(hash)).toEqual({}); // not a flow: the editor stays closed
    }
  });

  it("a failure with no node links to the run alone; other addresses open no run", () => {
    expect(dashboardRunHash("r-1", null)).toBe("#/dashboard/run/r-1");
    for (const hash of ["#/dashboard", "#/flow/x", "#/dashboard/run/", "#/dashboard/runs/r-1", ""]) expect(dashboardRunFromHash(hash)).toBeUndefined();
    expect(isDashboardHash("#/dashboard/other")).toBe(false);
  });
});
