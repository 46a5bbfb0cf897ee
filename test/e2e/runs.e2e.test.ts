import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import type { Page } from "playwright-core";
import { afterEach, describe, expect, it } from "vitest";
import type { Flow, RunEvent } from "@nexus-flow/shared";
import { openApp } from "./support/app-page.ts";

let app: Awaited<ReturnType<typeof openApp>> | undefined;
let server: Server | undefined;
afterEach(async () => {
  await app?.close();
  app = undefined;
  await new Promise((resolve) => (server ? server.close(resolve) : resolve(undefined)));
  server = undefined;
});

type NodeSpec = Omit<Flow["nodes"][number], "position">;

/** A flow laid out left to right; `edges` as [source, target, sourcePort?]. */
function flowOf(id: string, nodes: NodeSpec[], edges: Array<[string, string, string?]>): Flow {
  return {
    schemaVersion: 1,
    id,
    name: id,
    nodes: nodes.map((node, i) => ({ ...node, position: { x: i * 260, y: 0 } }) as Flow["nodes"][number]),
    edges: edges.map(([source, target, sourcePort], i) => ({ id: `e${i}`, source, target, ...(sourcePort ? { sourcePort } : {}) })),
  };
}

const trigger: NodeSpec = { id: "start", type: "trigger.manual", config: {} };

async function importFlow(page: Page, flow: Flow): Promise<void> {
  await page.locator("#import-file").setInputFiles({ name: `${flow.id}.json`, mimeType: "application/json", buffer: Buffer.from(JSON.stringify(flow)) });
  await page.waitForURL(new RegExp(`#/flow/${flow.id}$`));
  await page.getByRole("region", { name: "Run panel" }).waitFor();
}

const runButton = (page: Page) => page.getByRole("button", { name: "Run", exact: true });
const runStatus = (page: Page) => page.locator(".rp-status").innerText();
const nodeStatus = (page: Page, id: string) => page.locator(`[data-node-id="${id}"]`).getAttribute("data-status");
const logText = (page: Page) => page.getByRole("log", { name: "Run log" }).innerText();

/** Every run log in the page's IndexedDB, read with the plain API (no app code involved). */
function storedLogs(page: Page): Promise<Record<string, RunEvent[]>> {
  return page.evaluate(
    () =>
      new Promise<Record<string, RunEvent[]>>((resolve, reject) => {
        const open = indexedDB.open("nexus-flow");
        open.onerror = () => reject(open.error);
        open.onsuccess = () => {
          const db = open.result;
          const read = db.transaction("runEvents").objectStore("runEvents").getAll();
          read.onsuccess = () => {
            const logs: Record<string, RunEvent[]> = {};
            const batches = (read.result as Array<{ runId: string; seq: number; events: RunEvent[] }>).sort((a, b) => a.seq - b.seq);
            for (const batch of batches) (logs[batch.runId] ??= []).push(...batch.events);
            db.close();
            resolve(logs);
          };
        };
      }),
  );
}

const startedOf = (log: RunEvent[], nodeId: string) => log.filter((event) => event.type === "node.started" && event.nodeId === nodeId).length;

describe("runs in the browser", () => {
  it("runs a flow where every node succeeds, shows the output in the Data tab, and re-runs from a node", async () => {
    app = await openApp();
    const { page, context } = app;
    await context.grantPermissions(["clipboard-read", "clipboard-write"]);
    // start ─▶ shape ─▶ done
    const flow = flowOf("all-ok", [trigger, { id: "shape", type: "transform", label: "Shape order", config: { code: "return { total: 42, items: ['a', 'b'] }" } }, { id: "done", type: "noop", config: {} }], [["start", "shape"], ["shape", "done"]]);
    await importFlow(page, flow);
    await runButton(page).click();
    await expect.poll(() => runStatus(page)).toBe("Succeeded");
    await expect.poll(() => page.getByRole("progressbar", { name: "Run progress" }).getAttribute("aria-valuenow")).toBe("3");
    await expect.poll(() => Promise.all(["start", "shape", "done"].map((id) => nodeStatus(page, id)))).toEqual(["succeeded", "succeeded", "succeeded"]);

    await page.getByRole("tab", { name: "Data" }).click();
    await page.getByRole("combobox", { name: "Node" }).selectOption("shape");
    const output = page.getByRole("region", { name: "Output" });
    await expect.poll(() => output.innerText()).toMatch(/total[\s\S]*42/);
    await page.getByRole("button", { name: "Copy output" }).click();
    expect(JSON.parse(await page.evaluate(() => navigator.clipboard.readText()))).toEqual({ total: 42, items: ["a", "b"] });

    await page.getByRole("button", { name: "Re-run from here" }).click();
    await page.getByRole("tab", { name: "Log" }).click();
    await expect.poll(() => logText(page)).toContain("Reused the result of the earlier run");
    await expect.poll(() => runStatus(page)).toBe("Succeeded");
    const logs = Object.values(await storedLogs(page));
    expect(logs).toHaveLength(2);
    const rerun = logs.find((log) => log[0]?.type === "run.started" && log[0].rerunOf)!;
    expect(startedOf(rerun, "start")).toBe(0); // reused, not run again
    expect(startedOf(rerun, "shape")).toBe(1);
    expect(app.errors).toEqual([]);
  });

  it("marks the edge into a running node as active while it runs, and no edge before or after", async () => {
    let answer: (() => void) | undefined;
    server = createServer((request, response) => {
      const cors = { "access-control-allow-origin": "*", "access-control-allow-headers": "*", "access-control-allow-methods": "GET, POST" };
      if (request.method === "OPTIONS") return void response.writeHead(204, cors).end();
      answer = () => response.writeHead(200, { ...cors, "content-type": "application/json" }).end("{}");
    });
    await new Promise<void>((resolve) => server!.listen(0, "127.0.0.1", resolve));
    app = await openApp();
    const { page } = app;
    // start ─▶ call (running until the server answers) ─▶ done
    const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/slow`;
    const flow = flowOf("active-edge", [trigger, { id: "call", type: "http.request", config: { url } }, { id: "done", type: "noop", config: {} }], [["start", "call"], ["call", "done"]]);
    await importFlow(page, flow);
    const activeEdges = () => page.locator(".edge.active").evaluateAll((edges) => edges.map((edge) => edge.getAttribute("data-edge-id")));
    await page.locator('[data-edge-id="e0"]').waitFor({ state: "attached" });
    expect(await activeEdges()).toEqual([]);
    await runButton(page).click();
    await expect.poll(activeEdges).toEqual(["e0"]);
    await expect.poll(() => answer !== undefined).toBe(true);
    answer!();
    await expect.poll(() => runStatus(page)).toBe("Succeeded");
    expect(await activeEdges()).toEqual([]);
    expect(app.errors).toEqual([]);
  });

  it("skips the branch a condition did not take", async () => {
    app = await openApp();
    const { page } = app;
    // start ─▶ check ─true─▶ yes
    //               └false─▶ no ─▶ after-no
    const flow = flowOf(
      "branches",
      [trigger, { id: "check", type: "condition", config: { expression: "1 + 1 === 2" } }, { id: "yes", type: "noop", config: {} }, { id: "no", type: "noop", config: {} }, { id: "after-no", type: "noop", config: {} }],
      [["start", "check"], ["check", "yes", "true"], ["check", "no", "false"], ["no", "after-no"]],
    );
    await importFlow(page, flow);
    await runButton(page).click();
    await expect.poll(() => runStatus(page)).toBe("Succeeded");
    await expect.poll(() => Promise.all(["yes", "no", "after-no"].map((id) => nodeStatus(page, id)))).toEqual(["succeeded", "skipped", "skipped"]);
    await page.getByRole("combobox", { name: "Filter by node" }).selectOption("no");
    await expect.poll(() => logText(page)).toContain("Skipped: the branch leading here was not taken");
    expect(app.errors).toEqual([]);
  });

  it("retries an HTTP node that gets 503 from a local server, then fails it and says why", async () => {
    let calls = 0;
    server = createServer((request, response) => {
      const cors = { "access-control-allow-origin": "*", "access-control-allow-headers": "*", "access-control-allow-methods": "GET, POST" };
      if (request.method === "OPTIONS") return void response.writeHead(204, cors).end();
      calls++;
      response.writeHead(503, "Service Unavailable", { ...cors, "content-type": "text/plain" }).end("try later");
    });
    await new Promise<void>((resolve) => server!.listen(0, "127.0.0.1", resolve));
    const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/orders`;
    app = await openApp();
    const { page } = app;
    // start ─▶ call (3 attempts) ─▶ done
    const flow = flowOf("flaky", [trigger, { id: "call", type: "http.request", config: { url }, retry: { maxAttempts: 3, initialDelayMs: 200, factor: 1 } }, { id: "done", type: "noop", config: {} }], [["start", "call"], ["call", "done"]]);
    await importFlow(page, flow);
    await runButton(page).click();
    await expect.poll(() => runStatus(page), { timeout: 15_000 }).toBe("Failed");
    expect(calls).toBe(3);
    await expect.poll(() => nodeStatus(page, "call")).toBe("failed");
    expect(await nodeStatus(page, "done")).toBe("cancelled");
    expect(await page.getByRole("alert").first().innerText()).toContain(`HTTP request failed: GET ${url} returned 503 Service Unavailable`);
    expect(await logText(page)).toMatch(/Attempt 1 failed after .*: GET .* returned 503 Service Unavailable\. Retrying in/);
    await page.getByRole("tab", { name: "Timeline" }).click();
    expect(await page.locator('.rp-bar[data-kind="running"][data-outcome="failed"]').count()).toBe(3);
    expect(await page.locator('.rp-bar[data-kind="backoff"]').count()).toBe(2);
    expect(app.errors).toEqual([]);
  });

  it("resumes a run after a reload mid-run, without running finished nodes again, waking the delay on time", async () => {
    app = await openApp();
    const { page } = app;
    // start ─▶ first ─▶ pause (3 s) ─▶ last
    const flow = flowOf(
      "durable",
      [trigger, { id: "first", type: "transform", config: { code: "return { step: 1 }" } }, { id: "pause", type: "delay", config: { ms: 3000 } }, { id: "last", type: "transform", config: { code: "return { done: input.step + 1 }" } }],
      [["start", "first"], ["first", "pause"], ["pause", "last"]],
    );
    await importFlow(page, flow);
    await runButton(page).click();
    await expect.poll(() => nodeStatus(page, "pause")).toBe("waiting");
    await page.reload();
    // Resumed and shown again: still waiting, or already woken when a loaded machine took a while.
    await expect.poll(() => nodeStatus(page, "pause"), { timeout: 15_000 }).toMatch(/^(waiting|succeeded)$/);
    await expect.poll(() => runStatus(page), { timeout: 15_000 }).toBe("Succeeded");
    await expect.poll(async () => Object.values(await storedLogs(page))[0]?.at(-1)?.type).toBe("run.finished");
    const logs = Object.values(await storedLogs(page));
    expect(logs).toHaveLength(1); // the same run went on; nothing started over
    const log = logs[0]!;
    expect(["start", "first", "last"].map((id) => startedOf(log, id))).toEqual([1, 1, 1]);
    const waiting = log.filter((event) => event.type === "node.waiting" && event.nodeId === "pause") as Array<Extract<RunEvent, { type: "node.waiting" }>>;
    expect(waiting).toHaveLength(1); // the wake-up time was written once and kept
    const woke = log.find((event) => event.type === "node.succeeded" && event.nodeId === "pause")!;
    expect(woke.at).toBeGreaterThanOrEqual(waiting[0]!.until!);
    expect(woke.at - waiting[0]!.until!).toBeLessThan(1500);
    expect(log.at(-1)).toMatchObject({ type: "run.finished", status: "succeeded" });
    expect(app.errors).toEqual([]);
  });

  it("waits at an approval node until the Approve button is pressed", async () => {
    app = await openApp();
    const { page } = app;
    // start ─▶ gate (approval) ─▶ ship
    const flow = flowOf("gated", [trigger, { id: "gate", type: "approval", label: "Manager OK", config: { message: "Ship it?" } }, { id: "ship", type: "transform", config: { code: "return 'shipped'" } }], [["start", "gate"], ["gate", "ship"]]);
    await importFlow(page, flow);
    await runButton(page).click();
    const approval = page.getByRole("group", { name: "Approval: Manager OK" });
    await expect.poll(() => approval.innerText()).toContain("Ship it?");
    expect(await nodeStatus(page, "gate")).toBe("waiting");
    expect(await runStatus(page)).toBe("Running");
    await approval.getByRole("button", { name: "Approve", exact: true }).click();
    await expect.poll(() => runStatus(page)).toBe("Succeeded");
    expect(await nodeStatus(page, "gate")).toBe("succeeded");
    expect(await logText(page)).toContain("Approved");
    expect(await approval.count()).toBe(0);
    expect(app.errors).toEqual([]);
  });
});
