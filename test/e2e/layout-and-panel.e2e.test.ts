import type { Page } from "playwright-core";
import { afterEach, describe, expect, it } from "vitest";
import { openApp } from "./support/app-page.ts";
import { chainFlow, importFlow } from "./support/canvas-flows.ts";

let app: Awaited<ReturnType<typeof openApp>> | undefined;
afterEach(async () => {
  await app?.close();
  app = undefined;
});

const cond = (id: string) => ({ id, type: "condition", position: { x: 0, y: 0 }, config: { expression: "true" } });
const noop = (id: string) => ({ id, type: "noop", position: { x: 0, y: 0 }, config: {} });

//   start ─► c1 ─true──► c2 ─true──► a
//             │            └false─► b
//             └false─► c3 ─true──► e
//                          └false─► f ─► g
// Every node starts at the origin, stacked: only the layout decides where they go.
const nestedFlow = {
  schemaVersion: 1,
  id: "nested",
  name: "Nested conditions",
  nodes: [{ id: "start", type: "trigger.manual", position: { x: 0, y: 0 }, config: {} }, cond("c1"), cond("c2"), cond("c3"), ...["a", "b", "e", "f", "g"].map(noop)],
  edges: [
    { id: "e0", source: "start", target: "c1" },
    // Listed false-first, so dagre's input order does not hand it the answer.
    { id: "e1", source: "c1", target: "c3", sourcePort: "false" },
    { id: "e2", source: "c1", target: "c2", sourcePort: "true" },
    { id: "e3", source: "c2", target: "b", sourcePort: "false" },
    { id: "e4", source: "c2", target: "a", sourcePort: "true" },
    { id: "e5", source: "c3", target: "f", sourcePort: "false" },
    { id: "e6", source: "c3", target: "e", sourcePort: "true" },
    { id: "e7", source: "f", target: "g" },
  ],
};

type Boxes = Record<string, { y: number; height: number }>;

/** Each node's top in the flow and its card's height, as drawn. */
const boxesOf = (page: Page): Promise<Boxes> =>
  page.locator("[data-node-id]").evaluateAll((cards) =>
    Object.fromEntries(cards.map((card) => [card.getAttribute("data-node-id")!, { y: parseFloat((card as HTMLElement).style.top), height: (card as HTMLElement).offsetHeight }])),
  );

/** Every node of `upper` ends above every node of `lower` starts: the branches do not cross. */
function expectAbove(boxes: Boxes, upper: string[], lower: string[]): void {
  const bottom = Math.max(...upper.map((id) => boxes[id]!.y + boxes[id]!.height));
  const top = Math.min(...lower.map((id) => boxes[id]!.y));
  expect(bottom, `${upper.join(",")} above ${lower.join(",")}`).toBeLessThanOrEqual(top);
}

describe("auto-layout of conditions", () => {
  it("keeps each condition's true branch above its false branch, nested ones too", async () => {
    app = await openApp();
    const { page } = app;
    await importFlow(page, nestedFlow);
    await page.getByRole("button", { name: "Auto-layout" }).click();
    await expect.poll(async () => new Set(Object.values(await boxesOf(page)).map((box) => box.y)).size).toBeGreaterThan(3);
    const boxes = await boxesOf(page);
    expectAbove(boxes, ["c2", "a", "b"], ["c3", "e", "f", "g"]);
    expectAbove(boxes, ["a"], ["b"]);
    expectAbove(boxes, ["e"], ["f", "g"]);
    expect(app.errors).toEqual([]);
  });
});

const separator = (page: Page) => page.getByRole("separator", { name: "Resize run panel" });
const panelHeight = async (page: Page) => Number(await separator(page).getAttribute("aria-valuenow"));

/** Whether every node card lies inside the canvas as it is shown now. */
async function allNodesInView(page: Page): Promise<boolean> {
  const canvas = (await page.getByRole("region", { name: "Flow canvas" }).boundingBox())!;
  const cards = await page.locator("[data-node-id]").all();
  for (const card of cards) {
    const box = (await card.boundingBox())!;
    if (box.y < canvas.y - 1 || box.y + box.height > canvas.y + canvas.height + 1) return false;
  }
  return true;
}

describe("resizable run panel", () => {
  it("resizes by drag and by keyboard, re-fits the canvas, keeps the size, and gives the Data tab 300 px", async () => {
    app = await openApp();
    const { page } = app;
    expect(page.viewportSize()?.height).toBe(900);
    await importFlow(page, chainFlow("panel", "Panel flow"));
    const start = await panelHeight(page);

    // Keyboard: a focusable separator that says its value.
    await separator(page).focus();
    await page.keyboard.press("ArrowUp");
    expect(await panelHeight(page)).toBe(start + 20);
    await page.keyboard.press("Shift+ArrowDown");
    expect(await panelHeight(page)).toBe(start - 80);

    // Drag the handle up by 250 px: the panel grows and the canvas re-fits what is left.
    const handle = (await separator(page).boundingBox())!;
    await page.mouse.move(handle.x + 200, handle.y + handle.height / 2);
    await page.mouse.down();
    await page.mouse.move(handle.x + 200, handle.y + handle.height / 2 - 250, { steps: 8 });
    await page.mouse.up();
    const dragged = await panelHeight(page);
    expect(dragged).toBeGreaterThan(start + 150);
    const panel = (await page.getByRole("region", { name: "Run panel" }).boundingBox())!;
    expect(Math.round(panel.height)).toBe(dragged);
    await expect.poll(() => allNodesInView(page)).toBe(true);

    // The size survives a reload.
    await page.reload();
    await page.locator('.canvas[data-ready="true"]').waitFor();
    expect(await panelHeight(page)).toBe(dragged);

    // Smallest panel, then the Data tab of a finished run: its panes still get 300 px each.
    await separator(page).focus();
    await page.keyboard.press("Home");
    await page.getByRole("button", { name: "Run", exact: true }).click();
    await expect.poll(() => page.locator(".rp-status").innerText()).toBe("Succeeded");
    await page.locator('[data-node-id="a"]').click();
    await page.getByRole("tab", { name: "Data" }).click();
    for (const title of ["Input", "Output"]) {
      const pane = page.locator(".rp-data-pane", { has: page.getByText(title, { exact: true }) }).first();
      expect((await pane.boundingBox())!.height).toBeGreaterThanOrEqual(300);
    }
    await expect.poll(() => allNodesInView(page)).toBe(true);
    await page.screenshot({ path: "/tmp/editor2-run-panel.png" });
    expect(app.errors).toEqual([]);
  });
});
