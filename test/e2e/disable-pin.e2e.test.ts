import type { Page } from "playwright-core";
import type { RunEvent } from "@nexus-flow/shared";
import { afterEach, describe, expect, it } from "vitest";
import { openApp } from "./support/app-page.ts";
import { importFlow } from "./support/canvas-flows.ts";
import { outputOf, storedLogs } from "./support/stored-runs.ts";

let app: Awaited<ReturnType<typeof openApp>> | undefined;
afterEach(async () => {
  await app?.close();
  app = undefined;
});

//   start ─► double ─► inc ─► tail
const flow = {
  schemaVersion: 1,
  id: "pins",
  name: "Pins",
  nodes: [
    { id: "start", type: "trigger.manual", position: { x: 0, y: 0 }, config: {} },
    { id: "double", type: "transform", label: "Double", position: { x: 280, y: 0 }, config: { code: "return { n: input.n * 2 };" } },
    { id: "inc", type: "transform", label: "Inc", position: { x: 560, y: 0 }, config: { code: "return { n: input.n + 1 };" } },
    { id: "tail", type: "noop", label: "Tail", position: { x: 840, y: 0 }, config: {} },
  ],
  edges: [
    { id: "e1", source: "start", target: "double" },
    { id: "e2", source: "double", target: "inc" },
    { id: "e3", source: "inc", target: "tail" },
  ],
};

/** The machine is shared (load average ~25 while these ran): give polls room. */
const slow = { timeout: 15_000 };
const inspector = (page: Page) => page.getByRole("region", { name: "Inspector" });
const runStatus = (page: Page) => page.locator(".rp-status").innerText();
const logText = (page: Page) => page.getByRole("log", { name: "Run log" }).innerText();

const finished = (page: Page, count: number) => expect.poll(async () => (await storedLogs(page)).filter((log) => log.at(-1)?.type === "run.finished").length, slow).toBe(count);

async function runWith(page: Page, input: string): Promise<void> {
  await page.locator("#rp-run-input").fill(input);
  await page.getByRole("button", { name: "Run", exact: true }).click();
}

describe("disabled nodes and pinned data", () => {
  it("a disabled node is marked, skipped with reason disabled, and its input passes on; the flow keeps the flag", async () => {
    app = await openApp();
    const { page } = app;
    await importFlow(page, flow);
    const double = page.locator('[data-node-id="double"]');
    await double.click();
    await inspector(page).getByRole("checkbox", { name: /Disabled/ }).check();
    await expect.poll(() => double.getAttribute("class"), slow).toContain("node-disabled");
    await double.getByRole("img", { name: /Disabled/ }).waitFor();
    await runWith(page, '{ "n": 5 }');
    await finished(page, 1);
    const [log] = await storedLogs(page);
    expect(log!.find((event) => event.type === "node.skipped")).toMatchObject({ nodeId: "double", reason: "disabled" });
    expect(outputOf(log!, "inc")).toEqual({ n: 6 }); // 5 passed through, not doubled
    const started = log![0] as Extract<RunEvent, { type: "run.started" }>;
    expect(started.flow.nodes.find((node) => node.id === "double")).toMatchObject({ disabled: true });
    await expect.poll(() => logText(page), slow).toContain("Skipped: disabled (its input passed on)");
    await expect.poll(() => double.getAttribute("data-status"), slow).toBe("skipped");
    await page.screenshot({ path: "/tmp/nexus-disabled.png" });
    expect(app.errors).toEqual([]);
  });

  it("pins typed JSON and a run's output; editor runs use the pin instead of running the node; unpin from the menu", async () => {
    app = await openApp();
    const { page } = app;
    await importFlow(page, flow);
    const double = page.locator('[data-node-id="double"]');
    await double.click();
    await inspector(page).getByRole("textbox", { name: "Pin typed JSON" }).fill("{ nope");
    await inspector(page).getByRole("button", { name: "Pin this JSON" }).click();
    await inspector(page).getByRole("alert").filter({ hasText: "Not valid JSON" }).waitFor();
    await inspector(page).getByRole("textbox", { name: "Pin typed JSON" }).fill('{ "n": 100 }');
    await inspector(page).getByRole("button", { name: "Pin this JSON" }).click();
    await double.getByRole("img", { name: /Pinned data/ }).waitFor();
    expect(await double.getAttribute("aria-description")).toContain("pinned data");
    await runWith(page, '{ "n": 5 }');
    await finished(page, 1);
    let [log] = await storedLogs(page);
    expect(log!.some((event) => event.type === "node.started" && event.nodeId === "double")).toBe(false);
    expect(log!.find((event) => event.type === "node.succeeded" && event.nodeId === "double")).toMatchObject({ pinned: true, output: { n: 100 } });
    expect(outputOf(log!, "inc")).toEqual({ n: 101 });
    await expect.poll(() => logText(page), slow).toContain("Used its pinned data (did not run)");

    // Unpin from the node's menu; then pin the run's output of another node from the menu.
    await double.click({ button: "right" });
    await page.getByRole("menu", { name: "Node: Double" }).getByRole("menuitem", { name: "Unpin data" }).click();
    await expect.poll(() => double.getByRole("img", { name: /Pinned data/ }).count(), slow).toBe(0);
    const inc = page.locator('[data-node-id="inc"]');
    await inc.click({ button: "right" });
    await page.getByRole("menu", { name: "Node: Inc" }).getByRole("menuitem", { name: "Pin output" }).click();
    await inc.getByRole("img", { name: /Pinned data/ }).waitFor();
    await inc.click();
    expect(await inspector(page).getByLabel("Pinned output").innerText()).toContain('"n": 101');
    await runWith(page, '{ "n": 1 }');
    await finished(page, 2);
    log = (await storedLogs(page))[1];
    expect(outputOf(log!, "double")).toEqual({ n: 2 }); // runs again: unpinned
    expect(outputOf(log!, "inc")).toEqual({ n: 101 }); // pinned from the first run
    await page.screenshot({ path: "/tmp/nexus-pinned.png" });
    expect(app.errors).toEqual([]);
  });

  //   start ─► check (condition) ─true─► yes
  //                              └false─► no
  it("a condition pinned from a run keeps the branch that run took; the inspector changes it (rule N1)", async () => {
    app = await openApp();
    const { page } = app;
    const branching = {
      ...flow,
      id: "pin-branch",
      name: "Pin branch",
      nodes: [
        flow.nodes[0]!,
        { id: "check", type: "condition", label: "Check", position: { x: 280, y: 0 }, config: { expression: "input.ok" } },
        { id: "yes", type: "noop", label: "Yes", position: { x: 560, y: -80 }, config: {} },
        { id: "no", type: "noop", label: "No", position: { x: 560, y: 80 }, config: {} },
      ],
      edges: [
        { id: "e1", source: "start", target: "check" },
        { id: "e2", source: "check", target: "yes", sourcePort: "true" },
        { id: "e3", source: "check", target: "no", sourcePort: "false" },
      ],
    };
    await importFlow(page, branching);
    await runWith(page, '{ "ok": false }');
    await finished(page, 1);
    const check = page.locator('[data-node-id="check"]');
    await check.click({ button: "right" });
    await page.getByRole("menu", { name: "Node: Check" }).getByRole("menuitem", { name: "Pin output" }).click();
    await check.getByRole("img", { name: /Pinned data/ }).waitFor();
    await check.click();
    const sendsOn = inspector(page).getByRole("combobox", { name: "Sends on" });
    expect(await sendsOn.inputValue()).toBe("false");
    // The input says `true`, but the pin sends on the branch it was pinned from.
    await runWith(page, '{ "ok": true }');
    await finished(page, 2);
    let log = (await storedLogs(page))[1]!;
    expect(log.find((event) => event.type === "node.succeeded" && event.nodeId === "check")).toMatchObject({ pinned: true, port: "false" });
    expect(outputOf(log, "no")).toEqual({ ok: false });
    expect(log.some((event) => event.type === "node.skipped" && event.nodeId === "yes")).toBe(true);
    // The user picks the other branch.
    await sendsOn.selectOption("true");
    await runWith(page, '{ "ok": true }');
    await finished(page, 3);
    log = (await storedLogs(page))[2]!;
    expect(outputOf(log, "yes")).toEqual({ ok: false });
    expect(log.some((event) => event.type === "node.skipped" && event.nodeId === "no")).toBe(true);
    expect(app.errors).toEqual([]);
  });

  it("Run this node runs only that node with the input it recorded; nothing after it runs", async () => {
    app = await openApp();
    const { page } = app;
    await importFlow(page, flow);
    await runWith(page, '{ "n": 5 }');
    await finished(page, 1);
    await page.locator('[data-node-id="inc"]').click();
    await page.getByRole("button", { name: "Run this node" }).click();
    await finished(page, 2);
    const log = (await storedLogs(page))[1]!;
    const started = log.filter((event) => event.type === "node.started").map((event) => "nodeId" in event && event.nodeId);
    expect(started).toEqual(["inc"]);
    expect(outputOf(log, "inc")).toEqual({ n: 11 }); // 5 doubled in the first run, + 1
    expect((log[0] as Extract<RunEvent, { type: "run.started" }>).flow.nodes.map((node) => node.id)).not.toContain("tail");
    await expect.poll(() => runStatus(page), slow).toMatch(/Succeeded/i);
    expect(app.errors).toEqual([]);
  });
});

describe("publish note and code syntax", () => {
  it("Publish asks for an optional note, shown in Versions", async () => {
    app = await openApp();
    const { page } = app;
    await importFlow(page, flow);
    await page.getByRole("button", { name: "Publish", exact: true }).click();
    const dialog = page.getByRole("dialog", { name: "Publish a version" });
    await dialog.getByRole("textbox", { name: "Note (optional)" }).fill("First cut for the demo");
    await dialog.getByRole("button", { name: "Publish" }).click();
    await expect.poll(() => dialog.count(), slow).toBe(0);
    await page.getByRole("button", { name: "Versions" }).click();
    await expect.poll(() => page.getByRole("dialog", { name: /Versions/ }).innerText(), slow).toContain("First cut for the demo");
    expect(app.errors).toEqual([]);
  });

  it("shows a code syntax error with line:column under the field while typing, and clears it when fixed", async () => {
    app = await openApp();
    const { page } = app;
    await importFlow(page, flow);
    await page.locator('[data-node-id="double"]').click();
    const field = inspector(page).locator('[data-field="config.code"]');
    await field.locator('.code-editor[data-loaded="true"]').waitFor();
    const code = inspector(page).getByRole("textbox", { name: "Code", exact: true });
    await code.click();
    await page.keyboard.press("ControlOrMeta+A");
    await page.keyboard.type("const a = 1;\nreturn a +;");
    await expect.poll(() => field.locator(".field-errors").innerText(), slow).toMatch(/Syntax error at line 2:\d+: unexpected token/);
    await page.screenshot({ path: "/tmp/nexus-syntax.png" });
    await page.keyboard.press("Backspace");
    await page.keyboard.type(" 1;");
    await expect.poll(() => field.locator(".field-errors").count(), slow).toBe(0);
    expect(app.errors).toEqual([]);
  });
});
