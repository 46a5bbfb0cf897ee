import { readdirSync, readFileSync, statSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { mkdirSync } from "node:fs";
import { validateFlow, type RunEvent } from "@nexus-flow/shared";
import { nexus, workspace } from "../../test-support/cli-harness.ts";
import { run } from "../../../shared/test-support/run-harness.ts";

const at = { x: 0, y: 0 };
/** start → p1 → … → p5, pass-through nodes, with room for a 20 MB payload. */
const passThrough = {
  schemaVersion: 1,
  id: "pass",
  name: "pass",
  settings: { maxPayloadBytes: 32 * 1024 * 1024 },
  nodes: [{ id: "start", type: "trigger.manual", position: at, config: {} }, ...[1, 2, 3, 4, 5].map((i) => ({ id: `p${i}`, type: "noop", position: at, config: {} }))],
  edges: [1, 2, 3, 4, 5].map((i) => ({ id: `e${i}`, source: i === 1 ? "start" : `p${i - 1}`, target: `p${i}` })),
};

describe("nexus: the run log stores each output once (L5)", () => {
  it("L5: 20 MB through five pass-through nodes makes a log under 1.5× the payload, also after a resume", async () => {
    const payload = JSON.stringify({ data: "d".repeat(20 * 1024 * 1024) });
    const dir = workspace({ "f.json": passThrough, "in.json": payload });
    const result = await nexus(dir, "run", "f.json", "--input-file", "in.json", "--state", "state");
    expect(result.code).toBe(0);
    const [name] = readdirSync(join(dir, "state")).filter((file) => file.endsWith(".jsonl"));
    const logFile = join(dir, "state", name!);
    expect(statSync(logFile).size).toBeLessThan(payload.length * 1.5);

    // Cut the log after p2 finished (as a kill would), resume it: the rest refers to what is stored.
    const lines = readFileSync(logFile, "utf8").split("\n");
    const cut = lines.findIndex((line) => line.includes('"nodeId":"p2"') && line.includes("node.succeeded"));
    writeFileSync(logFile, lines.slice(0, cut + 1).join("\n") + "\n");
    const runId = name!.replace(/\.jsonl$/, "");
    const resumed = await nexus(dir, "resume", runId, "--state", "state", "--json");
    expect(resumed.code).toBe(0);
    expect(resumed.json.nodes.p5.output.data).toHaveLength(20 * 1024 * 1024);
    expect(statSync(logFile).size).toBeLessThan(payload.length * 1.5);
  });

  it("L5: a log written before references (every output in full) still resumes", async () => {
    const checked = validateFlow(passThrough);
    if (!checked.ok) throw new Error("invalid flow");
    const whole = run(checked.compiled, { runId: "old-run", input: { data: "o".repeat(10_000) } });
    await whole.handle.done;
    const cut = whole.log.findIndex((event: RunEvent) => event.type === "node.succeeded" && event.nodeId === "p2");
    const dir = workspace();
    mkdirSync(join(dir, "state"));
    // The old format: one JSON line per event, each output written out in full.
    writeFileSync(join(dir, "state", "old-run.jsonl"), whole.log.slice(0, cut + 1).map((event) => JSON.stringify(event) + "\n").join(""));
    const resumed = await nexus(dir, "resume", "old-run", "--state", "state", "--json");
    expect(resumed.code).toBe(0);
    expect(resumed.json.nodes.p5.output.data).toBe("o".repeat(10_000));
    expect(readFileSync(join(dir, "state", "old-run.jsonl"), "utf8")).toContain('"outputOf":{"node":"p2"}');
  });
});
