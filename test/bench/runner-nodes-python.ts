/**
 * The python node, warm (its interpreter located once), running `output = input`: per-node
 * time in the bubblewrap sandbox, against `python3 -c` of the same work started from Node
 * without a sandbox, the floor any process-per-node design pays.
 */
import { spawn } from "node:child_process";
import { detectProcessHost } from "../../runner/src/nodes/process-host.ts";
import { pythonExecutor } from "../../runner/src/nodes/process-nodes.ts";
import { testExecution } from "../../runner/src/nodes/test-execution.ts";
import { median } from "./runner-nodes-db.ts";

/** `python3 -c` reading the input as JSON on stdin and printing it back. */
function python3C(input: unknown): Promise<void> {
  return new Promise((resolve, reject) => {
    const child = spawn("/usr/bin/python3", ["-c", "import json, sys; json.dump(json.load(sys.stdin), sys.stdout)"], { stdio: ["pipe", "pipe", "inherit"] });
    child.stdout.resume();
    child.on("error", reject);
    child.on("close", (code) => (code === 0 ? resolve() : reject(new Error(`python3 -c exited with ${code}`))));
    child.stdin.end(JSON.stringify(input));
  });
}

export interface PythonFigures {
  readonly nodeMedianMs: number;
  readonly bareMedianMs: number;
}

export async function measurePython(count = 30): Promise<PythonFigures> {
  const execute = pythonExecutor({}, detectProcessHost(), "bench");
  const input = { order: 7, lines: [1, 2, 3] };
  const node = async () => void (await execute(testExecution({ code: "output = input" }, input)));
  const bare = () => python3C(input);
  for (let i = 0; i < 3; i++) await node(), await bare();
  const nodeTimes: number[] = [];
  const bareTimes: number[] = [];
  for (let i = 0; i < count; i++) {
    let started = performance.now();
    await bare();
    bareTimes.push(performance.now() - started);
    started = performance.now();
    await node();
    nodeTimes.push(performance.now() - started);
  }
  return { nodeMedianMs: median(nodeTimes), bareMedianMs: median(bareTimes) };
}

if (process.argv[1]?.endsWith("runner-nodes-python.ts")) console.log(JSON.stringify(await measurePython()));
