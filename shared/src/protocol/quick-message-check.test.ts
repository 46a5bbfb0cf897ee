import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { clientMessageSchema } from "./client-messages.ts";
import { quickResult, quickSubmit } from "./quick-message-check.ts";
import { runnerMessageSchema } from "./runner-messages.ts";

/**
 * The quick checks must never disagree with zod: for any message they answer either nothing
 * (zod decides) or a message zod accepts as the very same data. Seeded: fast-check prints the
 * seed and the shrunk message of a failure; pin it below as a regression.
 */

const submit = { type: "submit", key: "r1:n1:1", labels: ["gpu", "linux"], connections: ["warehouse"], payload: { runId: "r1", nodeId: "n1", type: "noop", config: {}, input: { a: 1 }, runInput: null, attempt: 1, maxPayloadBytes: 2048 }, reofferBudget: 3, scheduleToStartMs: 500 };
const aheadSubmit = { ...submit, after: { key: "r1:n0:1", port: "out", defaultPort: "out" } };
const okResult = { type: "result", jobId: "r1:n1:1", epoch: 2, outcome: { ok: true, output: { a: [1, 2] }, port: "true" }, runner: "w1" };
const failedResult = { type: "result", jobId: "r1:n1:1", epoch: 1, outcome: { ok: false, error: { code: "E", message: "broke", retryable: true, path: "a.b", retryAfterMs: 10 } } };

const oddValue = fc.constantFrom<unknown>(undefined, null, "", "x".repeat(101), "x".repeat(401), "x".repeat(8_193), "GPU", "-x", 0, -1, 1.5, 1023, 1024, 21, 2 ** 60, NaN, true, false, [], ["gpu"], ["Bad Label"], Array(33).fill("a"), Array(21).fill("c"), {}, { x: 1 }, "submit", "result");
const fieldName = fc.constantFrom("type", "key", "labels", "connections", "payload", "reofferBudget", "scheduleToStartMs", "runId", "nodeId", "attempt", "maxPayloadBytes", "config", "jobId", "epoch", "outcome", "runner", "ok", "output", "port", "error", "code", "message", "retryable", "path", "retryAfterMs", "after", "defaultPort", "extra");
const mutation = fc.record({ depth: fc.nat(2), field: fieldName, value: oddValue, remove: fc.boolean() });

/** The object at `depth` along the message's nested records (payload, outcome, error). */
function mutate(message: Record<string, any>, { depth, field, value, remove }: { depth: number; field: string; value: unknown; remove: boolean }): void {
  let target: Record<string, any> = message;
  for (const key of [message.after ? "after" : "payload", "outcome", "error"].slice(0, depth)) if (target[key] && typeof target[key] === "object") target = target[key];
  if (remove) delete target[field];
  else target[field] = value;
}

function agrees(base: object, quick: (value: unknown) => unknown, schema: { safeParse(value: unknown): { success: boolean; data?: unknown } }) {
  fc.assert(
    fc.property(fc.array(mutation, { maxLength: 3 }), (mutations) => {
      const message = structuredClone(base) as Record<string, any>;
      for (const change of mutations) mutate(message, change);
      const text = JSON.parse(JSON.stringify(message)); // as it comes off the wire
      const fast = quick(text);
      if (fast === undefined) return;
      const parsed = schema.safeParse(text);
      expect(parsed.success).toBe(true);
      expect(fast).toEqual(parsed.data);
    }),
    { seed: 7_101, numRuns: 3_000 },
  );
}

describe("quick message checks", () => {
  it("take the plain messages every job brings, as zod reads them", () => {
    expect(quickSubmit(submit)).toEqual(clientMessageSchema.parse(submit));
    expect(quickResult(okResult)).toEqual(runnerMessageSchema.parse(okResult));
    expect(quickResult(failedResult)).toEqual(runnerMessageSchema.parse(failedResult));
  });

  it("leave anything unusual to zod: extra keys, bad labels, long keys", () => {
    expect(quickSubmit({ ...submit, extra: 1 })).toBeUndefined();
    expect(quickSubmit({ ...submit, labels: ["Bad Label"] })).toBeUndefined();
    expect(quickSubmit({ ...submit, key: "x".repeat(401) })).toBeUndefined();
    expect(quickResult({ ...okResult, outcome: { ok: false, error: { code: "E", message: "m" } } })).toBeUndefined();
  });

  it("never vouch for a submit zod refuses (seeded)", () => agrees(submit, quickSubmit, clientMessageSchema));
  it("never vouch for a submit ahead (J6) zod refuses (seeded)", () => {
    expect(quickSubmit(aheadSubmit)).toEqual(clientMessageSchema.parse(aheadSubmit));
    agrees(aheadSubmit, quickSubmit, clientMessageSchema);
  });
  it("never vouch for a result zod refuses (seeded)", () => agrees(okResult, quickResult, runnerMessageSchema));
  it("never vouch for a failed result zod refuses (seeded)", () => agrees(failedResult, quickResult, runnerMessageSchema));
});
