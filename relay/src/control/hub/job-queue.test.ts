import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { JobQueue } from "./job-book.ts";

describe("JobQueue (the book's queues, L1 order)", () => {
  it("keeps an array's order under any mix of push, front re-offers and takes, across its compactions", () => {
    const step = fc.oneof(fc.constant({ kind: "push" as const }), fc.constant({ kind: "unshift" as const }), fc.record({ kind: fc.constant("shift" as const), times: fc.integer({ min: 1, max: 1500 }) }));
    fc.assert(
      fc.property(fc.array(step, { maxLength: 60 }), fc.integer({ min: 0, max: 3000 }), (steps, start) => {
        const queue = new JobQueue();
        const model: string[] = [];
        let next = 0;
        for (let i = 0; i < start; i++) queue.push(String(next)), model.push(String(next++));
        for (const step of steps) {
          if (step.kind === "push") queue.push(String(next)), model.push(String(next++));
          else if (step.kind === "unshift") queue.unshift(String(next)), model.unshift(String(next++));
          else for (let i = 0; i < step.times; i++) expect(queue.shift()).toBe(model.shift());
          expect(queue.length).toBe(model.length);
          expect(queue.first()).toBe(model[0]);
        }
      }),
      { seed: 7, numRuns: 200 },
    );
  });
});
