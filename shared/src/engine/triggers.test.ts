import { describe, expect, it } from "vitest";
import { flow } from "../../test-support/flow-builder.ts";
import { resume, run, statuses } from "../../test-support/run-harness.ts";

//   manual ──► byHand ─┐
//                      ├─► merge(any) ─► done
//   hook ────► byHook ─┘
const twoTriggers = () =>
  flow()
    .trigger("manual")
    .node("hook", { type: "trigger.webhook", config: { respond: "accepted" } })
    .noop("byHand", "byHook", "done")
    .node("join", { type: "merge", config: { mode: "any" } })
    .chain("manual", "byHand", "join", "done")
    .chain("hook", "byHook", "join")
    .compile();

describe("triggers (G)", () => {
  it("G1: a run started by one trigger skips the others and what only they feed; joins go on", async () => {
    const state = await run(twoTriggers(), { input: { body: "hi" }, startAt: "hook" }).handle.done;
    expect(statuses(state)).toEqual({ manual: "skipped", byHand: "skipped", hook: "succeeded", byHook: "succeeded", join: "succeeded", done: "succeeded" });
    expect(state.nodes.done!.output).toEqual({ body: "hi" });
  });

  it("G1: the starting trigger is in the log, so a resumed run keeps it", async () => {
    const first = run(twoTriggers(), { startAt: "manual" });
    await first.handle.done;
    const resumed = await resume(first.log.slice(0, 1)).handle.done;
    expect(statuses(resumed)).toMatchObject({ hook: "skipped", byHook: "skipped", manual: "succeeded", done: "succeeded" });
  });

  it("G1: without a starting trigger every trigger fires (flows of one trigger, as before)", async () => {
    const state = await run(twoTriggers()).handle.done;
    expect(statuses(state)).toMatchObject({ manual: "succeeded", hook: "succeeded" });
  });

  it("schedule and webhook configs are validated with paths: a bad cron or time zone says what is wrong", () => {
    const bad = () => flow().node("tick", { type: "trigger.schedule", config: { cron: "every minute", timezone: "Mars/Olympus" } }).compile();
    expect(bad).toThrow(/nodes\[0\]\.config\.cron: not a cron expression[\s\S]*nodes\[0\]\.config\.timezone: not an IANA time zone/);
  });
});
