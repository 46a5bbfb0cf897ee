import { describe, expect, it } from "vitest";
import { createJobBook } from "./job-book.ts";
import { cancelJob, connectRunner, submitJob } from "./lease-rules.ts";

describe("L1 dispatch", () => {
  it("a job cancelled while queued, its record since dropped, does not stall the jobs queued behind it", () => {
    const book = createJobBook();
    submitJob(book, { id: "gone", kind: "node", labels: ["gpu"], payload: {}, reofferBudget: 0 }, 0);
    cancelJob(book, "gone", "no runner is online for this node", 1);
    book.jobs.delete("gone"); // as the hub does once the finished job is stored and no submitter holds it
    submitJob(book, { id: "next", kind: "node", labels: ["gpu"], payload: {}, reofferBudget: 0 }, 2);
    connectRunner(book, "r1", { name: "r1", labels: ["gpu"], slots: 1, version: "1", connections: [], leases: [] }, 3);
    expect(book.jobs.get("next")?.status).toBe("leased");
  });
});
