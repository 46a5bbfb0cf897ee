import "fake-indexeddb/auto";
import { describe, expect, it } from "vitest";
import type { RunEvent } from "@nexus-flow/shared";
import { openDb } from "../storage/db.ts";
import { createIdbRunStore } from "../storage/idb-run-store.ts";
import { connectRunDb } from "../storage/run-db.ts";
import { runLockName } from "./engine-api.ts";
import { readHistory, readRunLog } from "./run-history.ts";

const started = (runId: string, at: number): RunEvent => ({ type: "run.started", runId, flow: { schemaVersion: 1, id: "f", name: "F", nodes: [], edges: [] }, input: null, at });

describe("run history, read on the page from what the worker wrote", () => {
  it("lists the flow's runs newest first, and reads a run's log back", async () => {
    const page = openDb("run-history-1");
    await page.open();
    const store = createIdbRunStore(connectRunDb(page.name));
    for (const [runId, at] of [["a", 1], ["b", 2], ["c", 3]] as const) {
      const writer = await store.open(runId);
      await writer.append([started(runId, at)]);
      if (runId === "a") await writer.append([{ type: "run.finished", status: "succeeded", at: 5 }]);
      await writer.close();
    }
    const held = async () => new Set([runLockName("c")]);
    expect(await readHistory(page, "f", held)).toEqual([
      { runId: "c", status: "running", startedAt: 3 },
      { runId: "b", status: "interrupted", startedAt: 2 },
      { runId: "a", status: "succeeded", startedAt: 1, finishedAt: 5 },
    ]);
    expect(await readRunLog(page, "a")).toEqual([started("a", 1), { type: "run.finished", status: "succeeded", at: 5 }]);
    await expect(readRunLog(page, "nope")).rejects.toMatchObject({ data: { code: "RUN_NOT_FOUND" } });
  });
});
