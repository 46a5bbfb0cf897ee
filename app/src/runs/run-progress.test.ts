import { describe, expect, it } from "vitest";
import type { RunState } from "@nexus-flow/shared";
import { progressOf, progressText } from "./run-progress.ts";

const runWith = (statuses: string[]) => ({ nodes: Object.fromEntries(statuses.map((status, i) => [`n${i}`, { status }])) }) as unknown as RunState;

describe("run progress", () => {
  it("says how many nodes are done and how many failed, not 6 / 6", () => {
    const progress = progressOf(runWith(["succeeded", "succeeded", "succeeded", "failed", "skipped", "skipped"]));
    expect(progress.finished).toBe(6);
    expect(progressText(progress)).toBe("3 of 6 nodes done, 1 failed, 2 skipped");
  });

  it("leaves out counts that are zero", () => {
    expect(progressText(progressOf(runWith(["succeeded", "running", "pending"])))).toBe("1 of 3 nodes done");
  });
});
