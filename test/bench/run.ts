/**
 * `npm run bench`: every benchmark against the target its issue set, as one table.
 * Each scenario runs in a fresh Node process, bundled by esbuild first as a shipped runner
 * would be: tsx's development loader alone adds ~33 MB of memory and slows start-up.
 */
import { execFileSync } from "node:child_process";
import { dirname } from "node:path";
import { fileURLToPath } from "node:url";
import { build } from "esbuild";
import { measureApp } from "./app-scenarios.ts";
import { measureCollab } from "./collab-scenarios.ts";
import { measureCli } from "./cli-scenarios.ts";
import { measureControl } from "./control-scenarios.ts";
import { measureTriggers } from "./trigger-scenarios.ts";
import { measureStart } from "./start-scenarios.ts";
import { measureRunnerNodes } from "./runner-nodes-scenarios.ts";

interface Benchmark {
  readonly name: string;
  readonly scenario: string;
  readonly unit: string;
  /** Absent for figures printed for reading, with no target. */
  readonly target?: number;
  /** `min`: the figure must reach the target; `max`: it must stay under it. */
  readonly kind: "min" | "max";
}

const benchmarks: Benchmark[] = [
  { name: "no-op nodes/s, 10,000-node fan-out/fan-in (in-memory log)", scenario: "noop-fan-10k", unit: "nodes/s", target: 100_000, kind: "min" },
  { name: "no-op nodes/s, 1,000-node chain (in-memory log)", scenario: "noop-chain-1k", unit: "nodes/s", target: 100_000, kind: "min" },
  { name: "transform nodes/s, 1,000-transform chain (QuickJS)", scenario: "transform-chain-1k", unit: "nodes/s", target: 20_000, kind: "min" },
  { name: "  the same, every call in a worker (no 1 ms in-thread slice)", scenario: "transform-chain-1k-workers-only", unit: "nodes/s", kind: "min" },
  { name: "  the same, QuickJS on the engine's thread (before the pool)", scenario: "transform-chain-1k-in-thread", unit: "nodes/s", kind: "min" },
  { name: "transform nodes/s, 10,000-transform fan-out (QuickJS, the default pool)", scenario: "transform-fan-10k", unit: "nodes/s", kind: "min" },
  { name: "  the same, every call in 1 code worker", scenario: "transform-fan-10k-1-worker", unit: "nodes/s", kind: "min" },
  { name: "  the same, every call in 2 code workers", scenario: "transform-fan-10k-2-workers", unit: "nodes/s", kind: "min" },
  { name: "  the same, QuickJS on the engine's thread (before the pool)", scenario: "transform-fan-10k-in-thread", unit: "nodes/s", kind: "min" },
  { name: "no-op nodes/s, 10,000-node fan-out with --state log (fsync every step)", scenario: "noop-fan-10k-state", unit: "nodes/s", target: 20_000, kind: "min" },
  { name: "  the same, --durability none (the OS flushes)", scenario: "noop-fan-10k-state-nosync", unit: "nodes/s", kind: "min" },
  { name: "peak RSS, process running the 10,000-node flow", scenario: "noop-fan-10k-peak-rss", unit: "MB", target: 150, kind: "max" },
  { name: "run log size / payload, 20 MB through 5 pass-through nodes (--state)", scenario: "payload-20mb-log-ratio", unit: "×", target: 1.5, kind: "max" },
  { name: "resume of that run from its log, cut after the first node", scenario: "payload-20mb-resume", unit: "s", target: 2, kind: "max" },
];

const scenarioScript = fileURLToPath(new URL("../../node_modules/.cache/nexus-bench/engine-scenario.mjs", import.meta.url));
await build({
  // The runner's code worker is bundled beside the scenario, which points its pool at it.
  entryPoints: {
    "engine-scenario": fileURLToPath(new URL("./engine-scenario.ts", import.meta.url)),
    "code-worker": fileURLToPath(new URL("../../runner/src/sandbox/code-worker.ts", import.meta.url)),
  },
  outdir: dirname(scenarioScript),
  outExtension: { ".js": ".mjs" },
  bundle: true,
  platform: "node",
  format: "esm",
  target: "node20",
  conditions: ["source"],
  mainFields: ["module", "main"],
  // QuickJS finds its wasm file next to its own module: load it from node_modules.
  external: ["quickjs-emscripten", "quickjs-emscripten-core", "@jitl/*"],
  logLevel: "warning",
});
const rows: string[][] = [];
let failed = 0;
// `npm run bench -- control` (or engine, cli, app, nodes, collab, triggers, start) runs one group of rows only.
const only = process.argv[2];
const runs = (group: string) => !only || only === group;

interface Row {
  readonly name: string;
  readonly value: number;
  readonly unit: string;
  /** None: a figure to read the others by, not a goal. */
  readonly target?: number | undefined;
  /** `min`: the figure must reach the target; `max` (the default): stay under it. */
  readonly kind?: "min" | "max" | undefined;
}

/** One table row per figure, against its target; a missed target makes the bench exit 1. */
function report(figures: Iterable<Row>): void {
  for (const figure of figures) {
    console.error(`${figure.name}: ${format(figure.value)} ${figure.unit}`);
    if (figure.target === undefined) {
      rows.push([figure.name, `${format(figure.value)} ${figure.unit}`, "(for reading)", ""]);
      continue;
    }
    const ok = figure.kind === "min" ? figure.value >= figure.target : figure.value <= figure.target;
    if (!ok) failed++;
    rows.push([figure.name, `${format(figure.value)} ${figure.unit}`, `${figure.kind === "min" ? "≥" : "≤"} ${format(figure.target)} ${figure.unit}`, ok ? "ok" : "MISSED"]);
  }
}

if (runs("engine")) {
  report(
    benchmarks.map((bench) => {
      const output = execFileSync(process.execPath, [scenarioScript, bench.scenario], { encoding: "utf8" });
      const { value } = JSON.parse(output.trim().split("\n").pop()!) as { value: number };
      return { name: bench.name, value, unit: bench.unit, target: bench.target, kind: bench.kind };
    }),
  );
}
// The CLI as a user runs it: the built bin as a process, timed from outside.
if (runs("cli")) report(measureCli());
if (runs("app")) report(await measureApp());
// Runner nodes: db.query against embedded PostgreSQL, python in bubblewrap, docker.run on dockerd.
if (runs("nodes")) report(await measureRunnerNodes());
// Collaboration: the relay under `partykit dev` against y-websocket, then 20 editors in a room.
if (runs("collab")) report(measureCollab());
// The control relay: the hub under `wrangler dev` with real runners, against BullMQ + Redis.
if (runs("control")) report(measureControl());
if (runs("triggers")) report(measureTriggers());
// `npm start` as a new user runs it: first start (builds the app), then nothing changed.
if (runs("start")) report(await measureStart());
printTable([["benchmark", "measured", "target", ""], ...rows]);
process.exit(failed ? 1 : 0);

function format(value: number): string {
  return value >= 1000 ? Math.round(value).toLocaleString("en-US") : value < 1 ? value.toFixed(3) : value.toFixed(1);
}

function printTable(table: string[][]): void {
  const widths = table[0]!.map((_, column) => Math.max(...table.map((row) => row[column]!.length)));
  const line = (row: string[]) => `| ${row.map((cell, column) => cell.padEnd(widths[column]!)).join(" | ")} |`;
  console.log([line(table[0]!), `|${widths.map((w) => "-".repeat(w + 2)).join("|")}|`, ...table.slice(1).map(line)].join("\n"));
}
