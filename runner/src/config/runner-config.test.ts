import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { createHubSubmitter, remoteNodeExecutor } from "@nexus-flow/shared/platform";
import { configSchemaFile, renderConfigSchema } from "../../scripts/generate-config-schema.ts";
import { loadRunnerConfig, parseRunnerConfig, resolveValue } from "./load-runner-config.ts";
import { createRunnerNodes } from "../nodes/runner-nodes.ts";

/** Each test's directory in the OS temp dir, removed when the file is done (nothing left behind). */
const temps: string[] = [];
const tempDir = () => {
  const dir = mkdtempSync(join(tmpdir(), "nexus-config-"));
  temps.push(dir);
  return dir;
};
afterAll(() => temps.splice(0).forEach((dir) => rmSync(dir, { recursive: true, force: true })));

describe("the runner config file", () => {
  it("reads values from env:NAME, file:PATH (beside the config) or as written", () => {
    const dir = tempDir();
    writeFileSync(join(dir, "url.txt"), "postgres://from-file\n");
    const file = join(dir, "nexus-runner.json");
    expect(resolveValue("env:TEST_DB", file, { TEST_DB: "postgres://from-env" })).toBe("postgres://from-env");
    expect(resolveValue("file:url.txt", file)).toBe("postgres://from-file");
    expect(resolveValue("postgres://inline", file)).toBe("postgres://inline");
    expect(() => resolveValue("env:MISSING_DB", file, {})).toThrow(`the environment variable MISSING_DB is not set (named in ${file})`);
    expect(() => resolveValue("file:nope.txt", file)).toThrow(`cannot read ${join(dir, "nope.txt")}`);
  });

  it("refuses a bad config with the path of the bad value", () => {
    expect(() => parseRunnerConfig({ connections: { w: { type: "mysql", url: "x" } } }, "cfg.json")).toThrow(/^cfg\.json: connections\.w\.type: /);
    expect(() => parseRunnerConfig({ shell: { enabled: "yes" } }, "cfg.json")).toThrow(/^cfg\.json: shell\.enabled: /);
    expect(() => parseRunnerConfig({ pyhton: {} }, "cfg.json")).toThrow(/^cfg\.json: .*pyhton/);
    const dir = tempDir();
    writeFileSync(join(dir, "bad.json"), "{ nope");
    expect(() => loadRunnerConfig(join(dir, "bad.json"))).toThrow(/bad\.json is not valid JSON/);
    expect(() => loadRunnerConfig(join(dir, "none.json"))).toThrow(`cannot read the runner config ${join(dir, "none.json")}: no such file`);
  });

  it("has a committed JSON Schema that is up to date (npm run gen:schema)", () => {
    expect(readFileSync(configSchemaFile, "utf8")).toBe(renderConfigSchema());
  });

  it("advertises connection names and capabilities, never values", () => {
    const nodes = createRunnerNodes({ config: { connections: { warehouse: { type: "postgres", url: "postgres://u:secret@h/db" } }, shell: { enabled: true }, python: { enabled: false } }, file: "cfg.json" }, "r", { bwrap: undefined, prlimit: undefined });
    expect(nodes.offers).toEqual(["warehouse", "node:shell.exec"]);
    expect(nodes.lacks({ type: "db.query", config: { connection: "warehouse" } } as never)).toBe(false);
    expect(nodes.lacks({ type: "db.query", config: { connection: "ledger" } } as never)).toBe(true);
    expect(nodes.lacks({ type: "python", config: { code: "" } })).toBe(true);
    expect(nodes.lacks({ type: "transform", config: { code: "" } })).toBe(false);
  });
});

describe("remoteNodeExecutor", () => {
  it("submits a db.query node with its connection name, so the hub offers it only to runners that have it", async () => {
    const sent: string[] = [];
    class FakeSocket {
      readyState = 1;
      private listeners: Record<string, ((event: unknown) => void)[]> = {};
      constructor() {
        setTimeout(() => this.listeners.open?.forEach((listener) => listener({})));
      }
      send(text: string) {
        sent.push(text);
        const { key } = JSON.parse(text) as { key: string };
        setTimeout(() => this.listeners.message?.forEach((listener) => listener({ data: JSON.stringify({ type: "result", key, outcome: { ok: true, output: 1 } }) })));
      }
      close() {}
      addEventListener(type: string, listener: (event: unknown) => void) {
        (this.listeners[type] ??= []).push(listener);
      }
    }
    const submitter = createHubSubmitter({ url: "ws://hub", WebSocket: FakeSocket as never });
    const node = { id: "q", type: "db.query", position: { x: 0, y: 0 }, config: { connection: "warehouse", sql: "SELECT 1" } } as never;
    const execute = remoteNodeExecutor(submitter, node);
    await execute({ runId: "r", nodeId: "q", config: { connection: "warehouse", sql: "SELECT 1" }, input: null, runInput: null, attempt: 1, idempotencyKey: "r:q", maxPayloadBytes: 16 * 1024 * 1024, timeoutMs: undefined, signal: new AbortController().signal, nodeOutput: () => undefined, services: { now: Date.now } });
    expect(JSON.parse(sent.find((text) => text.includes('"submit"'))!)).toMatchObject({ type: "submit", key: "r:q:1", connections: ["warehouse"] });
  });
});
