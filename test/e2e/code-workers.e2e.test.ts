import type { Page } from "playwright-core";
import { afterEach, describe, expect, it } from "vitest";
import type { Flow, RunEvent } from "@nexus-flow/shared";
import { openApp } from "./support/app-page.ts";

let app: Awaited<ReturnType<typeof openApp>> | undefined;
afterEach(async () => {
  await app?.close();
  app = undefined;
});

type NodeSpec = Omit<Flow["nodes"][number], "position">;

function flowOf(id: string, nodes: NodeSpec[], edges: Array<[string, string]>): Flow {
  return {
    schemaVersion: 1,
    id,
    name: id,
    nodes: nodes.map((node, i) => ({ ...node, position: { x: i * 260, y: (i % 2) * 160 } }) as Flow["nodes"][number]),
    edges: edges.map(([source, target], i) => ({ id: `e${i}`, source, target })),
  };
}

async function runToEnd(page: Page, flow: Flow): Promise<RunEvent[]> {
  await page.locator("#import-file").setInputFiles({ name: `${flow.id}.json`, mimeType: "application/json", buffer: Buffer.from(JSON.stringify(flow)) });
  await page.waitForURL(new RegExp(`#/flow/${flow.id}$`));
  await page.getByRole("button", { name: "Run", exact: true }).click();
  await expect.poll(() => page.locator(".rp-status").innerText(), { timeout: 20_000 }).toMatch(/Succeeded|Failed/);
  return page.evaluate(
    () =>
      new Promise<RunEvent[]>((resolve, reject) => {
        const open = indexedDB.open("nexus-flow");
        open.onerror = () => reject(open.error);
        open.onsuccess = () => {
          const read = open.result.transaction("runEvents").objectStore("runEvents").getAll();
          read.onsuccess = () => {
            const batches = (read.result as Array<{ seq: number; events: RunEvent[] }>).sort((a, b) => a.seq - b.seq);
            open.result.close();
            resolve(batches.flatMap((batch) => batch.events));
          };
        };
      }),
  );
}

const at = (log: RunEvent[], type: RunEvent["type"], nodeId: string) => log.find((event) => event.type === type && "nodeId" in event && event.nodeId === nodeId)?.at;

describe("user code in the browser runs in code workers, off the engine's thread", () => {
  // start ─▶ spin (for(;;){}, continue on error)
  //   └────▶ wait (delay 100 ms) ─▶ after
  it("D1: a 100 ms delay beside a spinning transform fires on time; the spinner fails at its 1 s limit", async () => {
    app = await openApp();
    const flow = flowOf(
      "spin-beside-delay",
      [
        { id: "start", type: "trigger.manual", config: {} },
        { id: "spin", type: "transform", config: { code: "for (;;) {}" }, onError: "continue" },
        { id: "wait", type: "delay", config: { ms: 100 } },
        { id: "after", type: "noop", config: {} },
      ],
      [["start", "spin"], ["start", "wait"], ["wait", "after"]],
    );
    const log = await runToEnd(app.page, flow);
    const runStarted = log[0]!.at;
    expect(at(log, "node.succeeded", "after")! - runStarted).toBeLessThan(600);
    expect(at(log, "node.failed", "spin")! - runStarted).toBeGreaterThanOrEqual(1000);
    expect(log.find((event) => event.type === "node.failed" && event.nodeId === "spin")).toMatchObject({ error: { code: "CODE_TIMEOUT" } });
    expect(app.errors).toEqual([]);
  });

  // start ─▶ spin (for(;;){}, timeoutMs 50)
  it("R3: a spinning transform with timeoutMs 50 fails with TIMEOUT after about 50 ms", async () => {
    app = await openApp();
    const flow = flowOf("spin-timeout", [{ id: "start", type: "trigger.manual", config: {} }, { id: "spin", type: "transform", config: { code: "for (;;) {}" }, timeoutMs: 50 }], [["start", "spin"]]);
    const log = await runToEnd(app.page, flow);
    const failed = log.find((event) => event.type === "node.failed" && event.nodeId === "spin");
    expect(failed).toMatchObject({ error: { code: "TIMEOUT" } });
    expect(failed!.at - at(log, "node.started", "spin")!).toBeLessThan(600);
    expect(app.errors).toEqual([]);
  });
});
