/**
 * The `nexus` CLI measured from outside, as a user runs it: the built bin as a process.
 * CPU time of `--version` against `node -e 0` in the same run; a 2-node run's whole process;
 * nodes/s of a 10,000-transform fan-out/fan-in with `--json`, net of the 2-node run, without
 * a log and with a `--state` log under each durability.
 * Run alone: `npx tsx test/bench/cli-scenarios.ts`.
 */
import { execFileSync, spawnSync } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import type { Flow, FlowNode } from "@nexus-flow/shared";

export interface CliFigure {
  readonly name: string;
  readonly value: number;
  readonly unit: string;
  readonly target?: number;
  readonly kind?: "min" | "max";
}

const bin = fileURLToPath(new URL("../../runner/bin/nexus.js", import.meta.url));
const transform = { type: "transform", config: { code: "return { v: (input.v || 0) + 1 }" } } as const;

export function measureCli(): CliFigure[] {
  execFileSync(process.execPath, [fileURLToPath(new URL("../../runner/scripts/build-cli.mjs", import.meta.url))]);
  const dir = mkdtempSync(join(tmpdir(), "nexus-cli-bench-"));
  try {
    writeFileSync(join(dir, "two.json"), JSON.stringify(fan(1, false)));
    writeFileSync(join(dir, "fan.json"), JSON.stringify(fan(10_000, true)));
    const run = (flow: string, ...extra: string[]) => wallMs(dir, ["run", flow, "--input", '{"v":0}', "--json", ...extra]);
    const ratio = cpuRatio();
    const two = median(7, () => run("two.json"));
    const nodesPerSecond = (...extra: string[]) => 10_002 / ((median(5, () => run("fan.json", ...extra)) - two) / 1000);
    // CPU time moves less than wall time when other work shares the machine.
    const cpu = (flow: string) => childCpu(`cd "${dir}" && "${process.execPath}" "${bin}" run ${flow} --input '{"v":0}' --json 2>/dev/null`, 3) / 3;
    const twoCpu = cpu("two.json");
    return [
      { name: "nexus --version CPU time ÷ node -e 0 CPU time", value: ratio, unit: "×", target: 4, kind: "max" },
      { name: "nexus run of a 2-node flow, whole process", value: two, unit: "ms", target: 300, kind: "max" },
      { name: "  its CPU time (user + system)", value: twoCpu * 1000, unit: "ms" },
      // npx first starts npm itself (~0.45 s of CPU here) before it hands over to the bin.
      { name: "  the same through npx (npx nexus run …)", value: median(3, () => npxMs(dir)), unit: "ms" },
      { name: "nexus run --json nodes/s, 10,000-transform fan-out (net of a 2-node run)", value: nodesPerSecond(), unit: "nodes/s", target: 50_000, kind: "min" },
      { name: "  same, by CPU time", value: 10_002 / (cpu("fan.json") - twoCpu), unit: "nodes/s" },
      { name: "  same, with --state (fsync: observable steps)", value: nodesPerSecond("--state", "state"), unit: "nodes/s" },
      { name: "  same, with --state --durability none", value: nodesPerSecond("--state", "state", "--durability", "none"), unit: "nodes/s" },
    ];
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** trigger → width transforms (or one) → merge when `join`. */
function fan(width: number, join: boolean): Flow {
  const nodes: FlowNode[] = [{ id: "start", type: "trigger.manual", position: { x: 0, y: 0 }, config: {} }];
  const edges: Flow["edges"] = [];
  if (join) nodes.push({ id: "join", type: "merge", position: { x: 400, y: 0 }, config: {} });
  for (let i = 0; i < width; i++) {
    nodes.push({ id: `n${i}`, position: { x: 200, y: i * 10 }, ...transform } as FlowNode);
    edges.push({ id: `a${i}`, source: "start", target: `n${i}` });
    if (join) edges.push({ id: `b${i}`, source: `n${i}`, target: "join" });
  }
  return { schemaVersion: 1, id: `fan-${width}`, name: `fan ${width}`, nodes, edges };
}

function wallMs(cwd: string, args: string[]): number {
  const started = performance.now();
  const result = spawnSync(process.execPath, [bin, ...args], { cwd, encoding: "utf8", maxBuffer: 1 << 30 });
  const ms = performance.now() - started;
  if (result.status !== 0) throw new Error(`nexus ${args.join(" ")} exited ${result.status}: ${result.stderr.slice(-500)}`);
  return ms;
}

function npxMs(cwd: string): number {
  const repo = fileURLToPath(new URL("../..", import.meta.url));
  const started = performance.now();
  const result = spawnSync("npx", ["--no-install", "nexus", "run", join(cwd, "two.json"), "--input", '{"v":0}', "--json"], { cwd: repo, encoding: "utf8" });
  if (result.status !== 0) throw new Error(`npx nexus run exited ${result.status}: ${result.stderr.slice(-500)}`);
  return performance.now() - started;
}

/** Children's user+system CPU seconds, as bash's `times` reports them, over `count` runs of `command`. */
function childCpu(command: string, count: number): number {
  const out = execFileSync("bash", ["-c", `for i in $(seq ${count}); do ${command} >/dev/null; done; times`], { encoding: "utf8" });
  const [user, system] = [...out.trim().split("\n").at(-1)!.matchAll(/(\d+)m([\d.]+)s/g)].map((m) => Number(m[1]) * 60 + Number(m[2]));
  return user! + system!;
}

/** Interleaved rounds, so a change in the machine's load hits both sides alike. */
function cpuRatio(): number {
  let node = 0;
  let nexus = 0;
  for (let round = 0; round < 4; round++) {
    node += childCpu(`"${process.execPath}" -e 0`, 5);
    nexus += childCpu(`"${process.execPath}" "${bin}" --version`, 5);
  }
  return nexus / node;
}

function median(count: number, sample: () => number): number {
  const values = Array.from({ length: count }, sample).sort((a, b) => a - b);
  return values[Math.floor(count / 2)]!;
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  for (const figure of measureCli()) console.log(`${figure.name}: ${figure.value >= 1000 ? Math.round(figure.value).toLocaleString("en-US") : figure.value.toFixed(2)} ${figure.unit}${figure.target ? ` (target ${figure.kind === "min" ? "≥" : "≤"} ${figure.target})` : ""}`);
}
