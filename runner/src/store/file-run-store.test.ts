import { appendFileSync, existsSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { runStoreContract } from "../../../shared/test-support/run-store-contract.ts";
import { tempDir } from "../../../shared/test-support/temp-dirs.ts";
import type { RunEvent } from "@nexus-flow/shared";
import { createFileRunStore } from "./file-run-store.ts";
import { writeLock } from "./lock-file.ts";

const freshDir = () => tempDir("nexus-store-"); // removed after the file's tests
runStoreContract("files", async () => createFileRunStore(freshDir()));
runStoreContract("files without fsync", async () => createFileRunStore(freshDir(), { durability: "none" }));

const started: RunEvent = { type: "run.started", runId: "r", flow: { schemaVersion: 1, id: "f", name: "F", nodes: [], edges: [] }, input: null, at: 1 };

describe("file run store", () => {
  it("drops an entry torn by a kill, and the next writer cuts it off before appending", async () => {
    const dir = freshDir();
    const store = createFileRunStore(dir);
    const writer = await store.open("r");
    writer.append([started]);
    await writer.close();
    appendFileSync(join(dir, "r.jsonl"), '{"type":"node.star');
    expect(await store.read("r")).toEqual([started]);
    const again = await store.open("r");
    again.append([{ type: "run.finished", status: "succeeded", at: 2 }]);
    await again.close();
    expect(readFileSync(join(dir, "r.jsonl"), "utf8").split("\n")).toHaveLength(3);
    expect((await store.read("r")).map((event) => event.type)).toEqual(["run.started", "run.finished"]);
  });

  it("reports a damaged line in the middle of a log with its line number", async () => {
    const dir = freshDir();
    writeFileSync(join(dir, "r.jsonl"), `${JSON.stringify(started)}\nnot json\n{}\n`);
    await expect(createFileRunStore(dir).read("r")).rejects.toThrow("run r: line 2 of its log is not valid JSON");
  });

  it("treats a lock left by a dead process as free: the run is interrupted and can be resumed", async () => {
    const dir = freshDir();
    const store = createFileRunStore(dir);
    const writer = await store.open("r");
    writer.append([started]);
    await writer.close();
    writeFileSync(join(dir, "r.lock"), "999999999"); // what `kill -9` of the writer leaves behind
    expect((await store.list())[0]!.status).toBe("interrupted");
    await expect(store.open("r")).resolves.toBeDefined();
  });

  it("creates a log together with its first step: a writer killed before its first append leaves no log", async () => {
    const dir = freshDir();
    const store = createFileRunStore(dir);
    await store.open("r"); // …and the process dies here: no append, no close
    expect(readdirSync(dir)).toEqual(["r.lock"]);
    expect(await store.list()).toEqual([]);
    const writer = await store.open("s");
    writer.append([{ ...started, runId: "s" }]);
    expect(readFileSync(join(dir, "s.jsonl"), "utf8")).toBe(`${JSON.stringify({ ...started, runId: "s" })}\n`);
    writer.append([{ type: "run.finished", status: "succeeded", at: 2 }]);
    await writer.close();
    expect((await store.read("s")).map((event) => event.type)).toEqual(["run.started", "run.finished"]);
    expect(readdirSync(dir).filter((name) => name.endsWith(".tmp"))).toEqual([]);
  });

  it("holds a run while its writer lives, and frees it when the lock's pid now names another process", async () => {
    const dir = freshDir();
    writeLock(join(dir, "r.lock")); // a live writer: this process, with its start time
    await expect(createFileRunStore(dir).open("r")).rejects.toMatchObject({ data: { code: "RUN_LOCKED" } });
    writeFileSync(join(dir, "r.lock"), `${process.pid} 1`); // same pid, other start time: the pid was reused
    const writer = await createFileRunStore(dir).open("r");
    await writer.close();
    expect(existsSync(join(dir, "r.lock"))).toBe(false);
  });

  it("refuses run ids that would escape the state directory", async () => {
    const store = createFileRunStore(freshDir());
    await expect(store.read("../etc/passwd")).rejects.toMatchObject({ data: { code: "BAD_RUN_ID" } });
    await expect(store.open(".hidden")).rejects.toMatchObject({ data: { code: "BAD_RUN_ID" } });
  });
});
