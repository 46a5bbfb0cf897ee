/**
 * Editing a 1,000-node flow (issue 13), in headless Chromium against the production build:
 * Layout, select-all + Delete, paste of 500 nodes, and the undo of each, as main-thread
 * time (CDP `Performance.getMetrics` TaskDuration: every task the page's main thread ran)
 * from the key press or click until the main thread has been idle for a while, less what
 * the idle page costs in the same time. The count of nodes is checked after each gesture,
 * so a gesture that did nothing cannot pass.
 */
import type { CDPSession, Page } from "playwright-core";
import { zoomBenchFlow } from "./app-canvas-moves.ts";

export interface EditingFigures {
  readonly layoutMs: number;
  readonly layoutUndoMs: number;
  readonly deleteAllMs: number;
  readonly deleteUndoMs: number;
  readonly paste500Ms: number;
  readonly pasteUndoMs: number;
}

const flowOf = (id: string, count: number) => {
  const flow = zoomBenchFlow() as { nodes: Array<{ id: string }>; edges: Array<{ source: string; target: string }> };
  const nodes = flow.nodes.slice(0, count);
  const kept = new Set(nodes.map((node) => node.id));
  return { ...flow, id, name: `Editing benchmark (${count} nodes)`, nodes, edges: flow.edges.filter((edge) => kept.has(edge.source) && kept.has(edge.target)) };
};

/** Called around each gesture (a diagnostic records a CPU profile of each: app-editing-profile.ts). */
export interface GestureProbe {
  start(name: keyof EditingFigures): Promise<void>;
  stop(name: keyof EditingFigures): Promise<void>;
}

export async function measureEditing(page: Page, appUrl: string, probe?: GestureProbe): Promise<EditingFigures> {
  // The canvas's test hook (window.__nexusCanvas) tells how many nodes the flow holds.
  await page.addInitScript("window.__nexusTest = true");
  await page.setViewportSize({ width: 1600, height: 1000 });
  await page.goto(`${appUrl}/#/`);
  await page.reload();
  const cdp = await page.context().newCDPSession(page);
  await cdp.send("Performance.enable");
  // 500 nodes copied from a flow of their own, pasted into the 1,000-node flow below.
  await importFlow(page, flowOf("bench-edit-500", 500));
  await page.keyboard.press("Control+a");
  await page.keyboard.press("Control+c");
  await page.goto(`${appUrl}/#/`);
  await importFlow(page, flowOf("bench-edit-1k", 1000));
  // Cheap reads of the doc (no copy of the flow): the polling runs on the measured main thread.
  const count = (n: number) => `window.__nexusCanvas?.nodeCount() === ${n}`;
  const positions = () => page.evaluate(`window.__nexusCanvas.positionsKey()`);
  const before = await positions();
  const gesture = async (name: keyof EditingFigures, act: () => Promise<unknown>, done: () => Promise<boolean>) => {
    await probe?.start(name);
    const ms = await mainThreadMs(page, cdp, act, done);
    await probe?.stop(name);
    return ms;
  };
  const layoutMs = await gesture("layoutMs", () => page.getByRole("button", { name: "Auto-layout" }).click(), async () => (await positions()) !== before);
  const layoutUndoMs = await gesture("layoutUndoMs", () => page.keyboard.press("Control+z"), async () => (await positions()) === before);
  await focusCanvas(page);
  await page.keyboard.press("Control+a");
  const deleteAllMs = await gesture("deleteAllMs", () => page.keyboard.press("Delete"), () => page.evaluate(count(0)) as Promise<boolean>);
  const deleteUndoMs = await gesture("deleteUndoMs", () => page.keyboard.press("Control+z"), () => page.evaluate(count(1000)) as Promise<boolean>);
  await focusCanvas(page);
  const paste500Ms = await gesture("paste500Ms", () => page.keyboard.press("Control+v"), () => page.evaluate(count(1500)) as Promise<boolean>);
  const pasteUndoMs = await gesture("pasteUndoMs", () => page.keyboard.press("Control+z"), () => page.evaluate(count(1000)) as Promise<boolean>);
  return { layoutMs, layoutUndoMs, deleteAllMs, deleteUndoMs, paste500Ms, pasteUndoMs };
}

async function importFlow(page: Page, flow: { id: string }): Promise<void> {
  await page.getByRole("button", { name: "New flow" }).first().waitFor();
  await page.locator("#import-file").setInputFiles({ name: `${flow.id}.json`, mimeType: "application/json", buffer: Buffer.from(JSON.stringify(flow)) });
  await page.waitForURL(new RegExp(`#/flow/${flow.id}$`), { timeout: 60_000 });
  await page.locator('.canvas[data-ready="true"]').waitFor({ timeout: 60_000 });
  await page.waitForTimeout(1500); // validation and persistence settle
  await focusCanvas(page);
}

const focusCanvas = (page: Page) => page.getByRole("region", { name: "Flow canvas" }).focus();

const taskSeconds = async (cdp: CDPSession) => {
  const { metrics } = await cdp.send("Performance.getMetrics");
  return { task: metrics.find((metric) => metric.name === "TaskDuration")?.value ?? 0, at: performance.now() };
};

/**
 * Main-thread ms of a gesture: TaskDuration from just before `act` until `done()` holds and
 * the main thread has then run under 5 % of the time for 400 ms, less the idle rate over the
 * same span (measured just before).
 */
async function mainThreadMs(page: Page, cdp: CDPSession, act: () => Promise<unknown>, done: () => Promise<boolean>): Promise<number> {
  const idleStart = await taskSeconds(cdp);
  await page.waitForTimeout(500);
  const start = await taskSeconds(cdp);
  const idleRate = (start.task - idleStart.task) / (start.at - idleStart.at); // s of tasks per ms
  await act();
  const deadline = Date.now() + 60_000;
  while (!(await done())) {
    if (Date.now() > deadline) throw new Error("the gesture did not take effect within 60 s");
    await page.waitForTimeout(50);
  }
  let last = await taskSeconds(cdp);
  for (;;) {
    await page.waitForTimeout(400);
    const now = await taskSeconds(cdp);
    if ((now.task - last.task) * 1000 < 0.05 * (now.at - last.at)) return Math.max(0, (last.task - start.task) * 1000 - idleRate * 1000 * (last.at - start.at));
    last = now;
  }
}
