import { describe, expect, it } from "vitest";
import { flow } from "../../test-support/flow-builder.ts";
import { createVirtualClock } from "../../test-support/virtual-clock.ts";
import { startRun } from "./start-run.ts";

describe("smoke", () => {
  it("runs a fan-out / fan-in", async () => {
    const b = flow().trigger("s").noop("a", "b", "c").node("m", { type: "merge", config: {} }).node("d", { type: "delay", config: { ms: 86_400_000 } });
    b.edge("s", "a").edge("s", "b").edge("s", "c").edge("a", "m").edge("b", "m").edge("c", "m").edge("m", "d");
    const events: unknown[] = [];
    const run = startRun({ compiled: b.compile(), runId: "r1", input: { n: 1 } }, { clock: createVirtualClock(), sink: { append: (e) => void events.push(...e) } });
    const state = await run.done;
    expect(state.status).toBe("succeeded");
    expect(state.nodes.d!.output).toEqual({ a: { n: 1 }, b: { n: 1 }, c: { n: 1 } });
    console.log(events.length);
  });
});
