/**
 * The app's benchmarks, in headless Chromium against the production build: bundle size,
 * opening and drawing a 1,000-node flow, frame times while panning and dragging, editing a
 * 1,000-node flow (Layout, select-all + Delete, paste, undo), and a
 * 10,000-node run in the browser's worker with its log in IndexedDB.
 */
import { existsSync } from "node:fs";
import { fileURLToPath } from "node:url";
import type { Page } from "playwright-core";
import { ensureChromium, launchPersistent } from "../e2e/support/chromium.ts";
import { buildApp, serveApp } from "../e2e/support/app-server.ts";
import { measureBundle } from "./app-bundle.ts";
import { closeSync, fdatasyncSync, mkdtempSync, openSync, rmSync, writeSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";

export interface Figure {
  readonly name: string;
  readonly value: number;
  readonly unit: string;
  /** Absent: a figure for reading (a breakdown), not held to a target. */
  readonly target?: number;
  readonly kind: "min" | "max";
}

export async function measureApp(): Promise<Figure[]> {
  ensureChromium();
  const dist = await buildApp();
  const figures: Figure[] = [{ name: "JavaScript shipped, gzipped (QuickJS wasm excluded)", value: measureBundle(dist).totalKb, unit: "KB", target: 250, kind: "max" }];
  const server = await serveApp(dist);
  try {
    figures.push(...(await inFreshPage(server.url, canvasFigures)));
    figures.push(...(await inFreshPage(server.url, moveFigures)));
    figures.push(...(await inFreshPage(server.url, editingFigures)));
    figures.push(...(await inFreshPage(server.url, runFigures)));
    figures.push(...(await inFreshPage(server.url, teamRunFigures)));
  } finally {
    await server.close();
  }
  return figures;
}

async function inFreshPage(url: string, measure: (page: Page, url: string) => Promise<Figure[]>): Promise<Figure[]> {
  const profile = mkdtempSync(join(tmpdir(), "nexus-bench-chromium-"));
  const context = await launchPersistent(profile);
  try {
    const page = context.pages()[0] ?? (await context.newPage());
    await page.goto(url);
    return await measure(page, url);
  } finally {
    await context.close();
    rmSync(profile, { recursive: true, force: true });
  }
}

const here = (file: string) => fileURLToPath(new URL(file, import.meta.url));

async function canvasFigures(page: Page, url: string): Promise<Figure[]> {
  if (!existsSync(here("./app-canvas.ts"))) return [];
  const { measureCanvas } = await import("./app-canvas.ts");
  const { openMs, panP95Ms, dragP95Ms } = await measureCanvas(page, url);
  return [
    { name: "open a 1,000-node flow from IndexedDB to drawn", value: openMs, unit: "ms", target: 300, kind: "max" },
    { name: "pan frame time p95, 1,000 nodes", value: panP95Ms, unit: "ms", target: 16, kind: "max" },
    { name: "node-drag frame time p95, 1,000 nodes", value: dragP95Ms, unit: "ms", target: 16, kind: "max" },
  ];
}

/** Wheel zoom across the overview level, drags with hundreds of cards on the page, import (app-canvas-moves.ts). */
async function moveFigures(page: Page, url: string): Promise<Figure[]> {
  if (!existsSync(here("./app-canvas-moves.ts"))) return [];
  const { measureCanvasMoves } = await import("./app-canvas-moves.ts");
  const m = await measureCanvasMoves(page, url);
  const frames = (what: string, intervals: { p95: number; worst: number }): Figure[] => [
    { name: `${what}: frame interval p95`, value: intervals.p95, unit: "ms", target: 20, kind: "max" },
    { name: `${what}: worst frame interval`, value: intervals.worst, unit: "ms", target: 50, kind: "max" },
  ];
  return [
    { name: "import a 1,000-node file (Import button) to drawn", value: m.importMs, unit: "ms", target: 500, kind: "max" },
    ...frames("wheel zoom 64 % ↔ 21 %, across the overview", m.wheelZoom),
    ...frames("after the wheel stops, until the cards stop coming", m.zoomSettle),
    { name: "  time until the cards stop coming", value: m.settleMs, unit: "ms", kind: "max" },
    { name: "cards on the page at 64 % (the drags below)", value: m.cardsAt64, unit: "cards", target: 500, kind: "min" },
    ...frames("node drag, 4 px steps", m.nodeDrag),
    ...frames("Space + drag from a node (pans), 10 px steps", m.spacePan),
    { name: "Space + drag panned the canvas, node left in place (1 = yes)", value: m.spacePanned ? 1 : 0, unit: "", target: 1, kind: "min" },
    ...frames("drag starting on an edge, 10 px steps", m.edgeDrag),
  ];
}

/** Layout, select-all + Delete, paste of 500 nodes and their undo at 1,000 nodes (app-editing.ts). */
async function editingFigures(page: Page, url: string): Promise<Figure[]> {
  if (!existsSync(here("./app-editing.ts"))) return [];
  const { measureEditing } = await import("./app-editing.ts");
  const m = await measureEditing(page, url);
  const row = (what: string, value: number): Figure => ({ name: `${what}, 1,000 nodes: main-thread time`, value, unit: "ms", target: 200, kind: "max" });
  return [
    row("Layout", m.layoutMs),
    row("  undo of Layout", m.layoutUndoMs),
    row("select-all + Delete", m.deleteAllMs),
    row("  undo of the Delete", m.deleteUndoMs),
    row("paste of 500 nodes", m.paste500Ms),
    row("  undo of the paste", m.pasteUndoMs),
  ];
}

async function runFigures(page: Page, url: string): Promise<Figure[]> {
  if (!existsSync(here("./app-run.ts"))) return [];
  const { measureBrowserRun } = await import("./app-run.ts");
  const { nodesPerSecond } = await measureBrowserRun(page, url);
  return [{ name: "in-browser run, 10,000-node fan-out, log in IndexedDB", value: nodesPerSecond, unit: "nodes/s", target: 10_000, kind: "min" }];
}

/**
 * A 100-node chain with every node on a runner, run from the tab, against the same chain in the
 * tab (app-team-run.ts). The per-hop target row is the hub with its SQLite on disk, as `npm
 * start` keeps it; the same run on tmpfs (as the control bench keeps it, and as BullMQ's Redis,
 * the 0.8 ms per hop, keeps its data in memory) is printed beside. On disk each commit
 * pays an fsync before anything is sent (relay/src/control/hub/decision-output.ts); since the tab
 * submits a chain's runner nodes ahead (PROTOCOL J6) a hop pays one commit, its result's, which
 * also offers the next node. So the disk row is the tmpfs row plus one fsync, measured beside it
 * (0.14–0.19 ms on a quiet machine here; a disk shared with busy neighbours took 3 ms).
 */
/** What one commit's fsync costs on the OS temp dir's disk (where the disk row's hub keeps its SQLite). */
function fsyncMedianMs(): number {
  const dir = mkdtempSync(join(tmpdir(), "nexus-fsync-"));
  const fd = openSync(join(dir, "probe"), "w");
  const samples: number[] = [];
  try {
    for (let i = 0; i < 200; i++) {
      writeSync(fd, Buffer.alloc(4096, i));
      const started = performance.now();
      fdatasyncSync(fd);
      samples.push(performance.now() - started);
    }
  } finally {
    closeSync(fd);
    rmSync(dir, { recursive: true, force: true });
  }
  return samples.sort((a, b) => a - b)[100]!;
}

async function teamRunFigures(page: Page, url: string): Promise<Figure[]> {
  if (!existsSync(here("./app-team-run.ts"))) return [];
  const { measureTeamRun } = await import("./app-team-run.ts");
  const { loadavg } = await import("node:os");
  const before = loadavg()[0]!;
  const f = await measureTeamRun(page, url, { stateRoot: "/dev/shm" });
  const after = loadavg()[0]!;
  const onDisk = await measureTeamRun(page, url);
  return [
    { name: `browser run, ${f.hops}-node chain, every node on a runner (wrangler dev + nexus runner, hub on disk)`, value: onDisk.remoteMs, unit: "ms", target: f.hops * 2 + onDisk.localMs, kind: "max" },
    { name: `the same ${f.hops}-node chain in the tab`, value: f.localMs, unit: "ms", target: f.hops * 2, kind: "max" },
    { name: `runner placement overhead per hop, hub's SQLite on disk as npm start has it (load ${after.toFixed(1)} → ${loadavg()[0]!.toFixed(1)})`, value: onDisk.perHopMs, unit: "ms", target: 2, kind: "max" },
    { name: `the same per hop with the hub's SQLite on tmpfs (load ${before.toFixed(1)} → ${after.toFixed(1)})`, value: f.perHopMs, unit: "ms", kind: "max" },
    { name: "of which inside the node: engine worker → hub → runner → engine worker", value: f.inNodeMs, unit: "ms", kind: "max" },
    { name: "of which hub + runner alone: the same job from Node, median", value: f.hubRunnerMs, unit: "ms", kind: "max" },
    { name: "the same job from a bare WebSocket in the page (no engine), median", value: f.pageSocketMs, unit: "ms", kind: "max" },
    { name: "hub + runner alone, mean (compare with the per-hop figure, itself a mean)", value: f.hubRunnerMeanMs, unit: "ms", kind: "max" },
    { name: "bare WebSocket in the page, mean", value: f.pageSocketMeanMs, unit: "ms", kind: "max" },
    { name: "what the app adds per hop over a bare page socket (paired, median; below 0: the chain goes ahead)", value: f.appOverheadMs, unit: "ms", kind: "max" },
    { name: "on disk: hub + runner alone, from Node, median", value: onDisk.hubRunnerMs, unit: "ms", kind: "max" },
    { name: "one fsync (fdatasync of 4 KB) on that disk, median of 200: the floor the disk row adds per hop", value: fsyncMedianMs(), unit: "ms", kind: "max" },
  ];
}
