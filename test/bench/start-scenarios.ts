/**
 * `npm start` from the outside, as a new user runs it: the time from the command to the URL
 * printed, on a first start (the app is built: an empty build cache, as on a fresh clone)
 * and on a second start with nothing changed (the build is reused).
 */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { Figure } from "./app-scenarios.ts";
import { freePorts, npmStart } from "../e2e/support/npm-start.ts";

export async function measureStart(): Promise<Figure[]> {
  const cache = mkdtempSync(join(tmpdir(), "nexus-bench-build-"));
  try {
    const ports = await freePorts();
    const first = await timeToReady(ports, cache);
    const second = await timeToReady(ports, cache);
    return [
      { name: "npm start → URL printed, first start (builds the app)", value: first, unit: "ms", target: 15_000, kind: "max" },
      { name: "npm start → URL printed, nothing changed", value: second, unit: "ms", target: 5_000, kind: "max" },
    ];
  } finally {
    rmSync(cache, { recursive: true, force: true });
  }
}

async function timeToReady(ports: { app: number; relay: number; control: number }, cache: string): Promise<number> {
  const started = performance.now();
  const running = await npmStart(ports, 120_000, { NEXUS_BUILD_CACHE: cache });
  const elapsed = performance.now() - started;
  running.signalGroup("SIGTERM");
  await running.exited;
  return elapsed;
}
