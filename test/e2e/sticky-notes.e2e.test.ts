import { readFileSync } from "node:fs";
import type { Locator, Page } from "playwright-core";
import { afterEach, describe, expect, it } from "vitest";
import { openApp } from "./support/app-page.ts";
import { importFlow } from "./support/canvas-flows.ts";

type App = Awaited<ReturnType<typeof openApp>>;
const opened: App[] = [];
afterEach(async () => {
  await Promise.all(opened.splice(0).map((app) => app.close()));
});

interface Note {
  id: string;
  text: string;
  color?: string;
  position: { x: number; y: number };
  size: { width: number; height: number };
}

/** A browser of its own with the test hooks on, named for presence. */
async function browser(name: string): Promise<App> {
  const app = await openApp("/", undefined, async (context) => {
    await context.addInitScript((who) => {
      (window as { __nexusTest?: boolean }).__nexusTest = true;
      localStorage.setItem("nexus.presence.name", who);
    }, name);
  });
  opened.push(app);
  return app;
}

const notesOf = (page: Page) => page.evaluate(() => (window as unknown as { __nexusCanvas: { flow(): { notes?: Note[] } } }).__nexusCanvas.flow().notes ?? []);
const note = (page: Page, id: string) => page.locator(`[data-note-id="${id}"]`);

//   start        [note "why": Markdown with HTML in it]
const notedFlow = {
  schemaVersion: 1,
  id: "noted",
  name: "Noted flow",
  nodes: [{ id: "start", type: "trigger.manual", position: { x: 0, y: 0 }, config: {} }],
  edges: [],
  notes: [{ id: "why", text: '# Why\nThis **polls** the API.\n<img src=x onerror="window.__pwned=1">\n[bad](javascript:alert(1))', position: { x: 0, y: 120 }, size: { width: 260, height: 180 } }],
};

/** WCAG contrast ratio of two computed `rgb(…)` colours. */
function contrast(a: string, b: string): number {
  const lum = (colour: string) => {
    const [r, g, bl] = colour.match(/[\d.]+/g)!.slice(0, 3).map((part) => {
      const c = Number(part) / 255;
      return c <= 0.03928 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4;
    });
    return 0.2126 * r! + 0.7152 * g! + 0.0722 * bl!;
  };
  const [hi, lo] = [lum(a), lum(b)].sort((x, y) => y - x);
  return (hi! + 0.05) / (lo! + 0.05);
}

async function dragBy(page: Page, handle: Locator, dx: number, dy: number): Promise<void> {
  const box = (await handle.boundingBox())!;
  const at = { x: box.x + box.width / 2, y: box.y + box.height / 2 };
  await page.mouse.move(at.x, at.y);
  await page.mouse.down();
  await page.mouse.move(at.x + dx, at.y + dy, { steps: 6 });
  await page.mouse.up();
}

describe("sticky notes", () => {
  it("renders Markdown safely, moves, resizes, undoes, and round-trips through the flow file", async () => {
    const { page, errors } = await browser("Ada");
    await importFlow(page, notedFlow);
    const why = note(page, "why");
    await expect.poll(() => why.locator("h3").innerText()).toBe("Why");
    expect(await why.locator("strong").innerText()).toBe("polls");
    expect(await why.locator("img, script").count()).toBe(0);
    expect(await why.locator("a").count()).toBe(0);
    expect(await why.innerText()).toContain('<img src=x onerror="window.__pwned=1">');

    // Resize by its corner, move by its bar, then undo each, one step at a time.
    const before = (await notesOf(page)).find((item) => item.id === "why")!;
    const zoom = await page.evaluate(() => (window as unknown as { __nexusCanvas: { transform(): number[] } }).__nexusCanvas.transform()[2]!);
    await dragBy(page, why.getByRole("button", { name: "Resize note" }), 80, 20);
    const resized = (await notesOf(page)).find((item) => item.id === "why")!;
    expect(resized.size.width - before.size.width).toBeCloseTo(80 / zoom, -1);
    await dragBy(page, why.locator(".sticky-note-bar"), 120, -40);
    const moved = (await notesOf(page)).find((item) => item.id === "why")!;
    expect(moved.position.x - before.position.x).toBeCloseTo(120 / zoom, -1);
    await page.getByRole("region", { name: "Flow canvas" }).focus();
    await page.keyboard.press("Control+z");
    await expect.poll(async () => (await notesOf(page)).find((item) => item.id === "why")!.position).toEqual(before.position);
    expect((await notesOf(page)).find((item) => item.id === "why")!.size).toEqual(resized.size);
    await page.keyboard.press("Control+z");
    await expect.poll(async () => (await notesOf(page)).find((item) => item.id === "why")!.size).toEqual(before.size);

    // Keyboard: arrows on the resize corner.
    await why.getByRole("button", { name: "Resize note" }).focus();
    await page.keyboard.press("ArrowRight");
    await expect.poll(async () => (await notesOf(page)).find((item) => item.id === "why")!.size.width).toBe(before.size.width + 20);
    // Add a note (in the middle of the view, over the other one) and type into it.
    await page.getByRole("button", { name: "Add sticky note" }).click();
    const editor = page.getByRole("textbox", { name: "Note text (Markdown)" });
    await editor.fill("- first\n- **second**");
    await editor.press("Escape");
    const added = page.getByRole("group", { name: "Sticky note: first second" });
    await expect.poll(() => added.locator("li").count()).toBe(2);
    expect((await notesOf(page)).map((item) => item.text)).toContain("- first\n- **second**");
    // It appears on screen, beside the other note rather than on it.
    const [shown, region, other] = [(await added.boundingBox())!, (await page.getByRole("region", { name: "Flow canvas" }).boundingBox())!, (await why.boundingBox())!];
    expect(shown.y + shown.height).toBeLessThanOrEqual(region.y + region.height);
    expect(shown.x >= other.x + other.width || shown.x + shown.width <= other.x || shown.y >= other.y + other.height || shown.y + shown.height <= other.y).toBe(true);
    // Focusing a note that reaches past the view's edge never scrolls the canvas box itself.
    await added.focus();
    await expect.poll(() => page.locator(".canvas").evaluate((element) => element.scrollTop + element.scrollLeft)).toBe(0);

    // Colour: the bar's colour button opens named swatches (a radio group); each pick is one undo step.
    await why.getByRole("button", { name: "Note colour" }).click();
    const colours = why.getByRole("group", { name: "Note colour" });
    expect(await colours.getByRole("radio").evaluateAll((radios) => radios.map((radio) => radio.getAttribute("aria-label")))).toEqual(["Yellow", "Blue", "Green", "Pink", "Grey"]);
    expect(await colours.getByRole("radio", { name: "Yellow" }).isChecked()).toBe(true);
    await page.keyboard.press("ArrowRight"); // the checked swatch has focus: arrows pick the next colour
    await expect.poll(async () => (await notesOf(page)).find((item) => item.id === "why")!.color).toBe("blue");
    expect(await why.getAttribute("data-color")).toBe("blue");
    await page.keyboard.press("Escape");
    await expect.poll(() => colours.count()).toBe(0);
    expect(await why.getByRole("button", { name: "Note colour" }).evaluate((button) => button === document.activeElement)).toBe(true);
    const textColour = await why.locator(".sticky-note-body").evaluate((body) => [getComputedStyle(body).color, getComputedStyle(body.closest(".sticky-note")!).backgroundColor]);
    expect(contrast(textColour[0]!, textColour[1]!)).toBeGreaterThan(7);
    await page.getByRole("region", { name: "Flow canvas" }).focus();
    await page.keyboard.press("Control+z");
    await expect.poll(async () => (await notesOf(page)).find((item) => item.id === "why")!.color).toBeUndefined();

    // Fit view (Shift+1) takes the notes in too: one far to the right of the flow comes into view.
    await why.focus();
    for (let step = 0; step < 30; step++) await page.keyboard.press("Shift+ArrowRight"); // 3,000 px to the right
    const canvasBox = (await page.getByRole("region", { name: "Flow canvas" }).boundingBox())!;
    await expect.poll(async () => (await why.boundingBox())!.x).toBeGreaterThan(canvasBox.x + canvasBox.width);
    await page.getByRole("region", { name: "Flow canvas" }).focus();
    await page.keyboard.press("Shift+Digit1");
    await expect.poll(async () => {
      const box = (await why.boundingBox())!;
      return box.x >= canvasBox.x && box.x + box.width <= canvasBox.x + canvasBox.width;
    }).toBe(true);

    await page.screenshot({ path: "/tmp/editor2-notes.png" });

    // Export writes the notes into the file.
    const [download] = await Promise.all([page.waitForEvent("download"), page.getByRole("button", { name: "Export" }).click()]);
    const file = JSON.parse(readFileSync((await download.path())!, "utf8")) as { notes: Note[] };
    expect(file.notes.map((item) => item.id)).toContain("why");
    expect(file.notes.find((item) => item.id === "why")!.size.width).toBe(before.size.width + 20);

    // A bad note in a file is refused with its path.
    const bad = { ...notedFlow, id: "bad-notes", notes: [{ ...notedFlow.notes[0], size: { width: 5, height: 100 } }] };
    await page.locator("#import-file").setInputFiles({ name: "bad-notes.json", mimeType: "application/json", buffer: Buffer.from(JSON.stringify(bad)) });
    await page.locator(".toast", { hasText: "notes[0].size.width" }).waitFor();
    expect(await page.evaluate(() => (window as { __pwned?: number }).__pwned)).toBeUndefined();
    expect(errors).toEqual([]);
  });

  it("syncs notes between two people in one room, live", async () => {
    const a = await browser("Ada");
    const b = await browser("Grace");
    const bare = { ...notedFlow, id: "shared-notes", notes: [] };
    await importFlow(a.page, bare);
    await a.page.getByRole("button", { name: "Share", exact: true }).click();
    await a.page.getByRole("button", { name: "Create share links" }).click();
    const link = await a.page.getByRole("textbox", { name: "Edit link" }).inputValue();
    await a.page.keyboard.press("Escape");
    await b.page.goto(link);
    await expect.poll(() => b.page.getByRole("textbox", { name: "Flow name" }).inputValue(), { timeout: 20_000 }).toBe("Noted flow");

    await a.page.getByRole("button", { name: "Add sticky note" }).click();
    await a.page.getByRole("textbox", { name: "Note text (Markdown)" }).fill("## Owner\nAsk *Ada*");
    await a.page.keyboard.press("Escape");
    const seen = b.page.getByRole("group", { name: /^Sticky note: Owner/ });
    await expect.poll(() => seen.locator("h4").innerText(), { timeout: 20_000 }).toBe("Owner");
    expect(await seen.locator("em").innerText()).toBe("Ada");

    const [id] = (await notesOf(a.page)).map((item) => item.id);
    const start = (await notesOf(a.page))[0]!.position;
    await dragBy(b.page, seen.locator(".sticky-note-bar"), 100, 0);
    await expect.poll(async () => (await notesOf(a.page))[0]!.position.x, { timeout: 20_000 }).toBeGreaterThan(start.x + 20);
    // A colour picked by one is seen by the other.
    await a.page.getByRole("group", { name: /^Sticky note: Owner/ }).getByRole("button", { name: "Note colour" }).click();
    await a.page.getByRole("radio", { name: "Pink" }).check();
    await expect.poll(() => seen.getAttribute("data-color"), { timeout: 20_000 }).toBe("pink");
    await b.page.getByRole("group", { name: /^Sticky note: Owner/ }).getByRole("button", { name: "Delete note" }).click();
    await expect.poll(() => note(a.page, id!).count(), { timeout: 20_000 }).toBe(0);
    expect([...a.errors, ...b.errors]).toEqual([]);
  });
});
