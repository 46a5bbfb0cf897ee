import type { Locator, Page } from "playwright-core";
import { afterEach, describe, expect, it } from "vitest";
import { openApp } from "./support/app-page.ts";
import { startPartykitDev, type PartykitDev } from "../relay/support/partykit-dev.ts";

type App = Awaited<ReturnType<typeof openApp>>;
const opened: App[] = [];
let ownRelay: PartykitDev | undefined;
afterEach(async () => {
  await Promise.all(opened.splice(0).map((app) => app.close()));
  await ownRelay?.dispose();
  ownRelay = undefined;
});

//   start ─► shape (transform) ─► wait (delay) ─► done (noop)
const teamFlow = {
  schemaVersion: 1,
  id: "team",
  name: "Team flow",
  nodes: [
    { id: "start", type: "trigger.manual", position: { x: 0, y: 0 }, config: {} },
    { id: "shape", type: "transform", position: { x: 260, y: 0 }, config: { code: "return { n: 2 };" } },
    { id: "wait", type: "delay", position: { x: 520, y: 0 }, config: { ms: 1500 } },
    { id: "done", type: "noop", position: { x: 780, y: 0 }, config: {} },
  ],
  edges: [
    { id: "e1", source: "start", target: "shape" },
    { id: "e2", source: "shape", target: "wait" },
    { id: "e3", source: "wait", target: "done" },
  ],
};

interface FlowShape {
  name: string;
  nodes: Array<{ id: string; type: string; position: { x: number; y: number }; config: Record<string, unknown> }>;
  edges: Array<{ id: string; source: string; target: string }>;
}

/** A browser of its own (its own IndexedDB), with a presence name; optionally pointed at another relay. */
async function browser(name: string, relayUrl?: string): Promise<App> {
  const app = await openApp("/", undefined, async (context) => {
    await context.addInitScript(
      ([who, relay]) => {
        (window as { __nexusTest?: boolean }).__nexusTest = true;
        localStorage.setItem("nexus.presence.name", who!);
        if (relay) localStorage.setItem("nexus.relayUrl", relay);
      },
      [name, relayUrl ?? ""],
    );
  });
  opened.push(app);
  return app;
}

const node = (page: Page, id: string) => page.locator(`[data-node-id="${id}"]`);
const flowOf = (page: Page) => page.evaluate(() => (window as unknown as { __nexusCanvas: { flow(): FlowShape } }).__nexusCanvas.flow());
const connection = (page: Page) => page.getByRole("status", { name: /^Connection:/ });
const connectedIn = (page: Page) => expect.poll(() => connection(page).getAttribute("data-state"), { timeout: 20_000 }).toBe("connected");

/** The flow with nodes and edges sorted by id, for comparing replicas. */
const canonical = (flow: FlowShape) => ({ ...flow, nodes: [...flow.nodes].sort((a, b) => a.id.localeCompare(b.id)), edges: [...flow.edges].sort((a, b) => a.id.localeCompare(b.id)) });

async function converged(a: Page, b: Page): Promise<FlowShape> {
  let last: FlowShape | undefined;
  await expect
    .poll(
      async () => {
        const [x, y] = await Promise.all([flowOf(a), flowOf(b)]);
        last = canonical(x);
        return JSON.stringify(last) === JSON.stringify(canonical(y));
      },
      { timeout: 20_000 },
    )
    .toBe(true);
  return last!;
}

/** Imports the team flow in `app`, shares it, and returns its edit and view links. */
async function shareTeamFlow(page: Page): Promise<{ edit: string; view: string }> {
  await page.locator("#import-file").setInputFiles({ name: "team.json", mimeType: "application/json", buffer: Buffer.from(JSON.stringify(teamFlow)) });
  await page.waitForURL(/#\/flow\/team$/);
  await page.locator('.canvas[data-ready="true"]').waitFor();
  await page.getByRole("button", { name: "Share", exact: true }).click();
  await page.getByRole("button", { name: "Create share links" }).click();
  // The dialog's words on failure (a relay refusal, a timeout) say more than a missing field.
  await expect.poll(() => page.getByRole("dialog").innerText(), { timeout: 30_000 }).toContain("Edit link");
  const edit = await page.getByRole("textbox", { name: "Edit link" }).inputValue();
  const view = await page.getByRole("textbox", { name: "View link" }).inputValue();
  await page.keyboard.press("Escape");
  await connectedIn(page);
  return { edit, view };
}

async function join(page: Page, link: string): Promise<void> {
  await page.goto(link);
  await page.waitForURL(/#\/flow\/[^?]+$/); // the keys leave the address bar
  await expect.poll(() => page.getByRole("textbox", { name: "Flow name" }).inputValue(), { timeout: 20_000 }).toBe("Team flow");
  await connectedIn(page);
}

async function centreOf(locator: Locator): Promise<{ x: number; y: number }> {
  const box = await locator.boundingBox();
  if (!box) throw new Error("not on screen");
  return { x: box.x + box.width / 2, y: box.y + box.height / 2 };
}

async function dragBy(page: Page, target: Locator, dx: number, dy: number): Promise<void> {
  const from = await centreOf(target);
  await page.mouse.move(from.x, from.y);
  await page.mouse.down();
  await page.mouse.move(from.x + dx, from.y + dy, { steps: 10 });
  await page.mouse.up();
}

async function setDelay(page: Page, id: string, ms: number): Promise<void> {
  await node(page, id).click();
  const field = page.getByRole("region", { name: "Inspector" }).getByRole("spinbutton", { name: "Wait (ms)" });
  await field.fill(String(ms));
  await field.press("Tab");
}

describe("collaboration through the relay", () => {
  it("a share link opens the flow in another browser; concurrent edits converge; presence, cursors and selections show", async () => {
    const alice = await browser("Alice");
    const links = await shareTeamFlow(alice.page);
    expect(links.edit).toMatch(/#\/room\/[\w-]+\?edit=[\w-]+&view=[\w-]+$/);
    expect(links.view).toMatch(/#\/room\/[\w-]+\?view=[\w-]+$/);

    const bob = await browser("Bob");
    await join(bob.page, links.edit);
    expect(await node(bob.page, "wait").count()).toBe(1);

    // Presence: each sees the other, with a cursor and a selection outline.
    await alice.page.getByRole("list", { name: "People here" }).getByRole("listitem", { name: "Bob" }).waitFor();
    await bob.page.getByRole("list", { name: "People here" }).getByRole("listitem", { name: "Alice" }).waitFor();
    const canvasBox = (await bob.page.getByRole("region", { name: "Flow canvas" }).boundingBox())!;
    await bob.page.mouse.move(canvasBox.x + 200, canvasBox.y + 300, { steps: 5 });
    await alice.page.locator('.peer-cursor[data-peer="Bob"]').waitFor();
    await node(bob.page, "shape").click();
    await expect.poll(() => node(alice.page, "shape").getAttribute("data-peer-selected")).toBe("Bob");
    await bob.page.keyboard.press("Escape");

    // Concurrent edits on both sides: adds, moves of different nodes, config, edges.
    const before = { wait: (await flowOf(alice.page)).nodes.find((n) => n.id === "wait")!.position, done: (await flowOf(bob.page)).nodes.find((n) => n.id === "done")!.position };
    await Promise.all([alice.page.getByRole("button", { name: "Add Delay" }).click(), bob.page.getByRole("button", { name: "Add Code" }).click()]);
    await Promise.all([dragBy(alice.page, node(alice.page, "wait"), 0, 160), dragBy(bob.page, node(bob.page, "done"), 0, -160)]);
    await Promise.all([setDelay(alice.page, "wait", 2500), bob.page.keyboard.press("Escape")]);
    // Bob connects start → done while Alice deletes shape (and with it e1 and e2).
    await bob.page.keyboard.press("Escape");
    await Promise.all([
      (async () => {
        const from = await centreOf(node(bob.page, "start").locator('[data-handle="out:out"]'));
        const to = await centreOf(node(bob.page, "done").locator('[data-handle="in"]'));
        await bob.page.mouse.move(from.x, from.y);
        await bob.page.mouse.down();
        await bob.page.mouse.move(to.x, to.y, { steps: 15 });
        await bob.page.mouse.up();
      })(),
      (async () => {
        await node(alice.page, "shape").click();
        await alice.page.keyboard.press("Delete");
      })(),
    ]);

    const flow = await converged(alice.page, bob.page);
    const byId = new Map(flow.nodes.map((n) => [n.id, n]));
    expect(flow.nodes.filter((n) => n.type === "delay")).toHaveLength(2);
    expect(flow.nodes.filter((n) => n.type === "transform")).toHaveLength(1); // shape deleted, Bob's Code added
    expect(byId.has("shape")).toBe(false);
    expect(byId.get("wait")!.position.y).toBeGreaterThan(before.wait.y + 100);
    expect(byId.get("done")!.position.y).toBeLessThan(before.done.y - 100);
    expect(byId.get("wait")!.config).toEqual({ ms: 2500 });
    expect(flow.edges.map((e) => `${e.source}→${e.target}`).sort()).toEqual(["start→done", "wait→done"]);

    // Undo undoes only your own change: Bob's Ctrl+Z takes back his edge, not Alice's delete.
    await bob.page.getByRole("button", { name: "Undo" }).click();
    await expect.poll(async () => (await flowOf(alice.page)).edges.map((e) => `${e.source}→${e.target}`)).toEqual(["wait→done"]);
    expect((await flowOf(bob.page)).nodes.some((n) => n.id === "shape")).toBe(false);

    // Alice renames herself: Bob sees it at once, and her browser remembers it.
    await alice.page.getByRole("button", { name: "Your name: Alice. Change it" }).click();
    await alice.page.getByRole("textbox", { name: "Your name" }).fill("Alice Liddell");
    await alice.page.getByRole("textbox", { name: "Your name" }).press("Enter");
    await bob.page.getByRole("list", { name: "People here" }).getByRole("listitem", { name: "Alice Liddell" }).waitFor();
    expect(await alice.page.evaluate(() => localStorage.getItem("nexus.presence.name"))).toBe("Alice Liddell");
    expect([...alice.errors, ...bob.errors]).toEqual([]);
  });

  it("after a network blip on one side both see each other again within 2 s, and a rename after it shows", async () => {
    const alice = await browser("Alice");
    const links = await shareTeamFlow(alice.page);
    const bob = await browser("Bob");
    await join(bob.page, links.edit);
    const person = (page: Page, name: string) => page.getByRole("list", { name: "People here" }).getByRole("listitem", { name, exact: true });
    await person(alice.page, "Bob").waitFor();
    await person(bob.page, "Alice").waitFor();

    for (let blip = 0; blip < 2; blip++) {
      await bob.context.setOffline(true);
      await expect.poll(() => connection(bob.page).getAttribute("data-state")).toBe("offline");
      await bob.context.setOffline(false);
      await connectedIn(bob.page);
      await Promise.all([person(alice.page, "Bob").waitFor({ timeout: 2_000 }), person(bob.page, "Alice").waitFor({ timeout: 2_000 })]);
    }

    await bob.page.getByRole("button", { name: "Your name: Bob. Change it" }).click();
    await bob.page.getByRole("textbox", { name: "Your name" }).fill("Bob Builder");
    await bob.page.getByRole("textbox", { name: "Your name" }).press("Enter");
    await person(alice.page, "Bob Builder").waitFor({ timeout: 2_000 });
    await alice.page.getByRole("button", { name: "Your name: Alice. Change it" }).click();
    await alice.page.getByRole("textbox", { name: "Your name" }).fill("Alice Liddell");
    await alice.page.getByRole("textbox", { name: "Your name" }).press("Enter");
    await person(bob.page, "Alice Liddell").waitFor({ timeout: 2_000 });
  });

  it("a view link shows the flow and live runs, and cannot change anything", async () => {
    const alice = await browser("Alice");
    const links = await shareTeamFlow(alice.page);
    const carol = await browser("Carol");
    await join(carol.page, links.view);
    await carol.page.getByText("You are viewing a shared flow").waitFor();
    expect(await carol.page.getByRole("button", { name: "Run", exact: true }).isDisabled()).toBe(true);
    expect(await carol.page.getByRole("textbox", { name: "Flow name" }).isDisabled()).toBe(true);
    await alice.page.getByRole("list", { name: "People here" }).getByRole("listitem", { name: "Carol (viewing)" }).waitFor();

    // Trying anyway: drag, delete, palette. Nothing changes, here or for Alice.
    const original = canonical(await flowOf(alice.page));
    await dragBy(carol.page, node(carol.page, "wait"), 0, 200);
    await node(carol.page, "wait").click();
    await carol.page.keyboard.press("Delete");
    await carol.page.getByRole("button", { name: "Add Delay" }).click({ force: true }).catch(() => undefined);
    expect(canonical(await flowOf(carol.page))).toEqual(original);
    await carol.page.getByRole("textbox", { name: "Run input" }).press("Control+Enter"); // the run shortcut
    await carol.page.getByText("you see its runs, and cannot start them").waitFor();
    expect(await node(carol.page, "start").getAttribute("data-status")).toBe("idle");

    // Alice's edits and Alice's run reach Carol live.
    await setDelay(alice.page, "wait", 1200);
    await expect.poll(async () => (await flowOf(carol.page)).nodes.find((n) => n.id === "wait")!.config).toEqual({ ms: 1200 });
    await alice.page.getByRole("button", { name: "Run", exact: true }).click();
    await expect.poll(() => node(carol.page, "wait").getAttribute("data-status"), { timeout: 15_000 }).toBe("waiting");
    await carol.page.getByText("Alice’s run").first().waitFor();
    await expect.poll(() => node(carol.page, "done").getAttribute("data-status"), { timeout: 15_000 }).toBe("succeeded");
    await expect.poll(() => carol.page.getByRole("progressbar", { name: "Run progress" }).getAttribute("aria-valuenow")).toBe("4");
    expect(canonical(await flowOf(alice.page))).toEqual(canonical(await flowOf(carol.page)));
    expect(JSON.stringify(await flowOf(alice.page))).not.toMatch(/succeeded|runId/); // run status never enters the document
    expect([...alice.errors, ...carol.errors]).toEqual([]);
  });

  it("offline edits merge on reconnect, and a relay restart mid-session loses no edit", async () => {
    ownRelay = await startPartykitDev();
    const alice = await browser("Alice", ownRelay.url);
    const links = await shareTeamFlow(alice.page);
    const bob = await browser("Bob", ownRelay.url);
    await join(bob.page, links.edit);

    // Bob goes offline and edits; Alice edits meanwhile; back online, both converge.
    await bob.context.setOffline(true);
    await expect.poll(() => connection(bob.page).getAttribute("data-state")).toBe("offline");
    await bob.page.getByRole("button", { name: "Add Code" }).click();
    await setDelay(bob.page, "wait", 4000);
    await alice.page.getByRole("button", { name: "Add Delay" }).click();
    await dragBy(alice.page, node(alice.page, "done"), 0, 150);
    await bob.page.waitForTimeout(500);
    expect((await flowOf(alice.page)).nodes.some((n) => n.type === "transform" && n.id !== "shape")).toBe(false);
    await bob.context.setOffline(false);
    await connectedIn(bob.page);
    let flow = await converged(alice.page, bob.page);
    expect(flow.nodes.filter((n) => n.type === "transform")).toHaveLength(2);
    expect(flow.nodes.filter((n) => n.type === "delay")).toHaveLength(2);
    expect(flow.nodes.find((n) => n.id === "wait")!.config).toEqual({ ms: 4000 });

    // The relay dies (SIGKILL) mid-session; Alice edits while it is down; it comes back.
    await ownRelay.kill();
    await expect.poll(() => connection(alice.page).getAttribute("data-state")).toBe("reconnecting");
    await alice.page.getByRole("button", { name: "Add No operation" }).click();
    await ownRelay.restart();
    await Promise.all([connectedIn(alice.page), connectedIn(bob.page)]);
    flow = await converged(alice.page, bob.page);
    expect(flow.nodes.filter((n) => n.type === "noop")).toHaveLength(2);

    // A newcomer gets everything from the restarted relay alone.
    await alice.close();
    opened.splice(opened.indexOf(alice), 1);
    const dave = await browser("Dave", ownRelay.url);
    await join(dave.page, links.view);
    expect(canonical(await flowOf(dave.page))).toEqual(canonical(await flowOf(bob.page)));

    // The shared flow is Dave's to keep: with the relay gone, a reload opens it from IndexedDB.
    const davesCopy = canonical(await flowOf(dave.page));
    await dave.page.waitForTimeout(1000); // y-dexie writes settle
    await ownRelay.kill();
    await dave.page.reload();
    await expect.poll(() => dave.page.getByRole("textbox", { name: "Flow name" }).inputValue(), { timeout: 20_000 }).toBe("Team flow");
    await expect.poll(async () => canonical(await flowOf(dave.page))).toEqual(davesCopy);
    expect([...bob.errors, ...dave.errors]).toEqual([]);
  });

  it("a link with a wrong key is refused by the relay, and the app says so in words", async () => {
    const alice = await browser("Alice");
    const links = await shareTeamFlow(alice.page);
    const mallory = await browser("Mallory");
    const forged = links.view.replace(/view=[\w-]+$/, `view=${"x".repeat(43)}`);
    await mallory.page.goto(forged);
    await mallory.page.getByText("The key in this share link is not valid for the flow").first().waitFor();
    // Nothing of the flow reached this browser, and no empty flow is left behind.
    await mallory.page.waitForURL(/#\/$/);
    await expect.poll(() => mallory.page.getByRole("region", { name: "Flows" }).getByRole("link").count()).toBe(0);
  });
});
