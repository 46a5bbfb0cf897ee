/**
 * Payload scenarios (issue 9): a 20 MB run input through five pass-through nodes with the run
 * log on disk (`--state`), as the CLI does it. How big the log gets against the payload, and
 * how long a resume takes from a log cut after the second node (read, fold, finish).
 */
import { mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { resumeRun, startRun, validateFlow, type Flow, type JsonValue } from "@nexus-flow/shared";
import { systemClock } from "@nexus-flow/shared/platform";
import { createFileRunStore } from "../../runner/src/store/file-run-store.ts";
import { chain } from "./engine-flows.ts";

const payloadChars = 20 * 1024 * 1024;

/** trigger → five no-ops, with room for the payload (the default limit is 16 MB). */
function passThroughFlow(): Flow {
  return { ...chain(5), settings: { maxPayloadBytes: 32 * 1024 * 1024 } };
}

/** Runs the flow once with its log in a fresh directory; returns the directory and the run's log file. */
async function runOnce(input: JsonValue): Promise<{ dir: string; runId: string; logFile: string }> {
  const checked = validateFlow(passThroughFlow());
  if (!checked.ok) throw new Error("bench flow is invalid");
  const dir = mkdtempSync(join(tmpdir(), "nexus-payload-"));
  const runId = "payload";
  const writer = await createFileRunStore(dir).open(runId);
  const state = await startRun({ compiled: checked.compiled, runId, input }, { clock: systemClock, sink: writer }).done;
  await writer.close();
  if (state.status !== "succeeded") throw new Error(`bench run ${state.status}: ${state.error?.message}`);
  return { dir, runId, logFile: join(dir, `${runId}.jsonl`) };
}

/** Size of the run log over the size of the payload (target ≤ 1.5). */
export async function payloadLogRatio(): Promise<Record<string, number>> {
  const input = { data: "d".repeat(payloadChars) };
  const { dir, logFile } = await runOnce(input);
  try {
    const payloadBytes = JSON.stringify(input).length;
    const logBytes = statSync(logFile).size;
    return { value: logBytes / payloadBytes, logMB: logBytes / 2 ** 20 };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** Seconds to resume the run from a log cut after p1 (read the log, fold it, run the rest, store it). */
export async function payloadResumeSeconds(): Promise<Record<string, number>> {
  const { dir, runId, logFile } = await runOnce({ data: "d".repeat(payloadChars) });
  try {
    const lines = readFileSync(logFile, "utf8").split("\n");
    const cut = lines.findIndex((line) => line.startsWith('{"type":"node.succeeded","nodeId":"n1"'));
    writeFileSync(logFile, lines.slice(0, cut + 1).join("\n") + "\n");
    const rssBefore = process.memoryUsage().rss;
    const started = performance.now();
    const store = createFileRunStore(dir);
    const log = await store.read(runId);
    const writer = await store.open(runId, log);
    const state = await resumeRun(log, { clock: systemClock, sink: writer }).done;
    await writer.close();
    const seconds = (performance.now() - started) / 1000;
    if (state.status !== "succeeded") throw new Error(`resumed bench run ${state.status}`);
    return { value: seconds, peakRssMB: process.resourceUsage().maxRSS / 1024, rssBeforeMB: rssBefore / 2 ** 20 };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
