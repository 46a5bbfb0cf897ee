import { describe, expect, it } from "vitest";
import { flow } from "../../test-support/flow-builder.ts";
import { nested } from "../../test-support/nested.ts";
import { run } from "../../test-support/run-harness.ts";
import { callsOf, output, scriptedExecutor } from "../../test-support/scripted-executors.ts";
import { NexusError } from "../errors/index.ts";
import type { CompiledFlow } from "../flow/compile-flow.ts";
import { validateFlow } from "../flow/validate-flow.ts";
import type { Flow } from "../flow/flow-schema.ts";

/** The builder's flow with `settings.maxPayloadBytes`. */
function limited(build: ReturnType<typeof flow>, maxPayloadBytes?: number): CompiledFlow {
  const document: Flow = { ...build.build(), ...(maxPayloadBytes ? { settings: { maxPayloadBytes } } : {}) };
  const result = validateFlow(document);
  if (!result.ok) throw new Error(JSON.stringify(result.issues));
  return result.compiled;
}

describe("payload limits (B)", () => {
  //   a ─► b
  it("B1: an output over the flow's limit fails its node (not retried), naming the node and the limit", async () => {
    const x = scriptedExecutor({ a: output("x".repeat(3000)) });
    const compiled = limited(flow().node("a", { type: "noop", config: {}, retry: { maxAttempts: 3 } }).noop("b").chain("a", "b"), 2048);
    const state = await run(compiled, { ports: { executors: { noop: x.executor } } }).handle.done;
    expect(callsOf(x.calls, "a")).toHaveLength(1);
    expect(state.nodes.a).toMatchObject({ status: "failed", error: { code: "PAYLOAD_TOO_LARGE", message: 'node "a" output is 2.9 KB of JSON, over the payload limit of 2 KB (settings.maxPayloadBytes)', retryable: false } });
    expect(state.error).toMatchObject({ nodeId: "a" });
    expect(callsOf(x.calls, "b")).toHaveLength(0);
  });

  //   a ─► b       (default limit)
  it("B1: the default limit is 16 MB, and says how to raise it", async () => {
    const x = scriptedExecutor({ a: output("x".repeat(16 * 1024 * 1024)) });
    const state = await run(limited(flow().noop("a", "b").chain("a", "b")), { ports: { executors: { noop: x.executor } } }).handle.done;
    expect(state.nodes.a!.error!.message).toBe('node "a" output is 16,777,218 bytes of JSON, over the payload limit of 16 MB (the default; raise it with settings.maxPayloadBytes)');
  });

  //   a ─┐
  //   b ─┴─► m(merge)      and      a, b ─► d
  it("B1: a merge's output and a several-edge node's input are held to the limit too; onError continue goes on", async () => {
    const x = scriptedExecutor({ a: output("x".repeat(700)), b: output("y".repeat(700)) });
    const compiled = limited(flow().noop("a", "b").node("m", { type: "merge", config: {}, onError: "continue" }).node("d", { type: "noop", config: {}, onError: "continue" }).edge("a", "m").edge("b", "m").edge("a", "d").edge("b", "d"), 1024);
    const state = await run(compiled, { ports: { executors: { noop: x.executor } } }).handle.done;
    expect(state.status).toBe("succeeded");
    expect(state.nodes.m).toMatchObject({ status: "failed", error: { code: "PAYLOAD_TOO_LARGE" }, output: { error: { code: "PAYLOAD_TOO_LARGE" } } });
    expect(state.nodes.d!.error!.message).toMatch(/^node "d" input is 1.4 KB of JSON/);
    expect(callsOf(x.calls, "d")).toHaveLength(0);
  });

  //   a ─► b
  it("B1: an output nested deeper than 256 levels fails its node with the path", async () => {
    const x = scriptedExecutor({ a: output({ deep: nested(300) } as never) });
    const state = await run(limited(flow().noop("a", "b").chain("a", "b")), { ports: { executors: { noop: x.executor } } }).handle.done;
    expect(state.nodes.a!.error).toMatchObject({ code: "PAYLOAD_TOO_DEEP", message: expect.stringMatching(/^node "a" output is nested deeper than 256 levels \(the limit\), at output\.deep\[0\]\[0\]/) });
  });

  it("B1: a run input over the limit is refused before anything is logged", () => {
    const compiled = limited(flow().noop("a"), 1024);
    expect(() => run(compiled, { input: "z".repeat(2000) })).toThrow(NexusError);
    expect(() => run(compiled, { input: "z".repeat(2000) })).toThrow("the run input is 2 KB of JSON, over the payload limit of 1 KB (settings.maxPayloadBytes)");
    expect(() => run(compiled, { input: nested(257) as never })).toThrow(/the run input is nested deeper than 256 levels/);
  });

  //   s ─► a ─► b ─► c   (pass-through of a payload near the limit)
  it("B1: a payload just under the limit passes through every node", async () => {
    const input = "p".repeat(2048 - 2);
    const state = await run(limited(flow().trigger("s").noop("a", "b", "c").chain("s", "a", "b", "c"), 2048), { input }).handle.done;
    expect(state.nodes.c).toMatchObject({ status: "succeeded", output: input });
  });
});

describe("error text (E3)", () => {
  //   a
  it("E3: a thrown message is kept to 4 KB on the node and the run, saying it was cut", async () => {
    const message = "m".repeat(20 * 1024 * 1024);
    const x = scriptedExecutor({ a: () => Promise.reject(new NexusError({ code: "BOOM", message, retryable: false })) });
    const harness = run(limited(flow().noop("a")), { ports: { executors: { noop: x.executor } } });
    const state = await harness.handle.done;
    expect(state.nodes.a!.error!.message).toBe(`${"m".repeat(4096)}… (cut; 20,971,520 characters in all)`);
    expect(state.error!.message).toBe(`node "a" failed: ${state.nodes.a!.error!.message}`);
    expect(JSON.stringify(harness.log).length).toBeLessThan(12_000);
  });
});
