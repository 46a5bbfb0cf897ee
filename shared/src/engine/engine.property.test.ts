import fc from "fast-check";
import { setMaxListeners } from "node:events";
import { describe, expect, it } from "vitest";
import { oracle, type OracleResult } from "../../test-support/engine-oracle.ts";
import { nothingStartsAfterFailure, oncePerAttempt, queuedInOrder, startsAfterInputs, withinCap } from "../../test-support/log-checks.ts";
import { compileDag, createMonitor, dagArbitrary, dagExecutors, pinPortsOf, pinsOf, type DagSpec } from "../../test-support/random-dag.ts";
import { recordingSink, resume, run, type HarnessRun } from "../../test-support/run-harness.ts";
import { createVirtualClock } from "../../test-support/virtual-clock.ts";
import type { CompiledFlow } from "../flow/compile-flow.ts";
import { foldRunLog } from "./run-state.ts";
import type { RunEvent } from "./run-event.ts";
import type { RunState } from "./run-state.ts";

/**
 * Seeded property tests of the engine against a sequential oracle (test-support/engine-oracle.ts).
 * fast-check prints the seed and the shrunk DAG of a failure; pin it below as a regression.
 */

interface Played {
  readonly run: HarnessRun;
  readonly state: RunState;
  readonly monitor: ReturnType<typeof createMonitor>;
}

async function play(spec: DagSpec, compiled: CompiledFlow, prefix?: readonly RunEvent[]): Promise<Played> {
  const monitor = createMonitor();
  const recorder = recordingSink(prefix ?? []);
  const clock = createVirtualClock(prefix ? Math.max(...prefix.map((event) => event.at)) : undefined);
  const executors = dagExecutors(spec, compiled, clock, monitor, recorder.folded);
  const options = { concurrency: spec.concurrency };
  const started = prefix ? resume(prefix, { clock, recorder, options, ports: { executors } }) : run(compiled, { clock, recorder, options, input: spec.input, pinned: pinsOf(spec), pinnedPorts: pinPortsOf(spec), ports: { executors } });
  return { run: started, state: await started.handle.done, monitor };
}

/** Rule checks every run (whole or resumed) must pass; returns the violations. */
function violations(compiled: CompiledFlow, spec: DagSpec, played: Played, prefix: readonly RunEvent[] = []): string[] {
  const events = played.run.log;
  const whole = [...prefix, ...events];
  const found = [
    ...played.monitor.violations,
    ...startsAfterInputs(compiled, whole),
    ...oncePerAttempt(events),
    ...withinCap(compiled, prefix, played.run.batches, spec.concurrency),
    ...nothingStartsAfterFailure(whole),
  ];
  if (played.monitor.maxActive > spec.concurrency) found.push(`S3: ${played.monitor.maxActive} executors at once, cap ${spec.concurrency}`);
  const calls = new Set<string>();
  for (const call of played.monitor.calls) {
    const key = `${call.nodeId}#${call.attempt}`;
    if (calls.has(key)) found.push(`S2: executor of ${key} called twice`);
    calls.add(key);
  }
  if (whole.filter((event) => event.type === "run.finished").length !== 1 || whole.at(-1)!.type !== "run.finished") found.push("L1: the log must end with exactly one run.finished");
  return found;
}

/** Final node results as comparable data. */
function results(state: RunState) {
  return Object.fromEntries(Object.entries(state.nodes).map(([id, node]) => [id, { status: node.status, attempts: node.attempts, output: node.output, port: node.port }]));
}

/** Property (c): the run ends as the oracle says, exactly when no node fails the run, loosely when one does. */
function expectMatchesOracle(state: RunState, expected: OracleResult): void {
  if (expected.fatal.length === 0) {
    expect(state.status).toBe("succeeded");
    for (const [id, node] of Object.entries(expected.nodes)) {
      expect(state.nodes[id], id).toMatchObject({ status: node.status, attempts: node.attempts });
      expect(state.nodes[id]!.output, id).toEqual(node.output);
      expect(state.nodes[id]!.port, id).toEqual(node.port);
    }
    return;
  }
  expect(state.status).toBe("failed");
  expect(expected.fatal).toContain(state.error?.nodeId);
  expect(state.nodes[state.error!.nodeId!]!.status).toBe("failed");
  for (const [id, node] of Object.entries(expected.nodes)) {
    const actual = state.nodes[id]!;
    if (actual.status === "cancelled") continue;
    expect(actual.status, id).toBe(node.status);
    expect(actual.attempts, id).toBe(node.attempts);
    expect(actual.output, id).toEqual(node.output);
  }
}

/** A DAG and three places to cut its log (taken modulo the log's length). */
const cases = (allowFatal: boolean, editorAids = false) => fc.tuple(dagArbitrary({ allowFatal, editorAids }), fc.array(fc.nat(), { minLength: 3, maxLength: 3 }));

async function checkWholeAndResumed(spec: DagSpec, cuts: readonly number[]): Promise<void> {
  const compiled = compileDag(spec);
  const expected = oracle(spec);
  const whole = await play(spec, compiled);
  expect(violations(compiled, spec, whole)).toEqual([]);
  expect(queuedInOrder(compiled, whole.run.log)).toEqual([]);
  expect(foldRunLog(whole.run.log)).toEqual(whole.state);
  expectMatchesOracle(whole.state, expected);

  // (d) cut the log anywhere and resume
  for (const cut of cuts) await checkResumed(spec, compiled, expected, whole, whole.run.log.slice(0, 1 + (cut % whole.run.log.length)));
}

async function checkResumed(spec: DagSpec, compiled: CompiledFlow, expected: OracleResult, whole: Played, prefix: readonly RunEvent[]): Promise<void> {
  const before = foldRunLog(prefix);
  const resumed = await play(spec, compiled, prefix);
  expect(violations(compiled, spec, resumed, prefix)).toEqual([]);
  expect(foldRunLog([...prefix, ...resumed.run.log])).toEqual(resumed.state);
  expectMatchesOracle(resumed.state, expected);
  if (expected.fatal.length === 0) expect(results(resumed.state)).toEqual(results(whole.state));
  const called = new Set<string>();
  for (const call of resumed.monitor.calls) {
    const record = before.nodes[call.nodeId]!;
    expect(record.status, `re-ran ${call.nodeId} finished in the prefix`).toMatch(/^(idle|queued|running|retrying|waiting)$/);
    if (record.status === "running" && !called.has(call.nodeId)) expect(call.attempt, `L3: ${call.nodeId}`).toBe(record.attempts);
    called.add(call.nodeId);
  }
  const restarted = resumed.run.log.filter((event) => event.type === "node.started").map((event) => "nodeId" in event && event.nodeId);
  for (const id of restarted) expect(before.nodes[id as string]!.status).not.toMatch(/succeeded|failed|skipped|cancelled/);
}

// Many delays and retries wait at once on the run's one AbortSignal; that is not a leak.
setMaxListeners(1000);

describe("engine properties (random DAGs against the oracle)", () => {
  it("runs that cannot fail: (a) once per attempt, (b) inputs first, (c) = oracle, (d) resume from any prefix, (e) cap", async () => {
    await fc.assert(fc.asyncProperty(cases(false), ([spec, cuts]) => checkWholeAndResumed(spec, cuts)), { numRuns: 200 });
  });

  it("runs where failures may stop the run (E2): the same rules; finished nodes agree with the oracle", async () => {
    await fc.assert(fc.asyncProperty(cases(true), ([spec, cuts]) => checkWholeAndResumed(spec, cuts)), { numRuns: 200 });
  });

  it("K3, N1: with disabled and pinned nodes (and failures) the same rules hold, and the oracle passes inputs through disabled nodes and pins on (on the branch they were pinned from)", async () => {
    await fc.assert(fc.asyncProperty(cases(true, true), ([spec, cuts]) => checkWholeAndResumed(spec, cuts)), { numRuns: 200 });
  });

  // Seeds that once caught real faults: a resumed run that restarted nodes after a logged
  // final failure, and a failed branching node's error output sent along a port.
  it.each([
    [-393077542, true, 20],
    [-1520108896, false, 11],
    [-1787945153, false, 14],
  ])("regression seed %i (failures may stop the run: %s)", async (seed, allowFatal, numRuns) => {
    await fc.assert(fc.asyncProperty(cases(allowFatal), ([spec, cuts]) => checkWholeAndResumed(spec, cuts)), { seed, numRuns });
  });
});
