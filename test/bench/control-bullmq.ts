/**
 * The BullMQ side of the control benchmarks: a Queue and QueueEvents in the benchmark's
 * process, Workers in processes of their own (as runners are), all on a local Redis.
 */
import { spawn, type ChildProcess } from "node:child_process";
import { createInterface } from "node:readline";
import { fileURLToPath } from "node:url";
import { Queue, QueueEvents } from "bullmq";

const workerScript = fileURLToPath(new URL("./control-bullmq-worker.ts", import.meta.url));
const payload = { runId: "b", nodeId: "n1", type: "noop", config: {}, input: null, runInput: null, attempt: 1 };

export interface BullSide {
  /** One job: add, wait for its result through QueueEvents; ms. */
  roundTrip(): Promise<number>;
  /** `jobs` added at once (in bulk batches); ms until the last completed. */
  throughput(jobs: number): Promise<number>;
  close(): Promise<void>;
}

/** A queue named `name` with `workers` worker processes of `concurrency` each. */
export async function startBullSide(redisPort: number, name: string, workers: number, concurrency: number): Promise<BullSide> {
  const connection = { host: "127.0.0.1", port: redisPort, maxRetriesPerRequest: null };
  const queue = new Queue(name, { connection });
  const events = new QueueEvents(name, { connection });
  await Promise.all([queue.waitUntilReady(), events.waitUntilReady()]);
  const processes = await Promise.all(Array.from({ length: workers }, () => startWorkerProcess(redisPort, name, concurrency)));
  let batch = 0;
  return {
    async roundTrip() {
      const started = performance.now();
      const job = await queue.add("noop", payload);
      await job.waitUntilFinished(events, 10_000);
      return performance.now() - started;
    },
    async throughput(jobs) {
      const before = await queue.getCompletedCount();
      const started = performance.now();
      const prefix = `t${batch++}`;
      for (let i = 0; i < jobs; i += 500) {
        await queue.addBulk(Array.from({ length: Math.min(500, jobs - i) }, (_, j) => ({ name: "noop", data: payload, opts: { jobId: `${prefix}-${i + j}` } })));
      }
      // Completion counted in Redis every 5 ms: QueueEvents' stream is trimmed to 10,000 entries.
      while ((await queue.getCompletedCount()) < before + jobs) await new Promise((resolve) => setTimeout(resolve, 5));
      return performance.now() - started;
    },
    async close() {
      await Promise.all(processes.map(stopProcess));
      await events.close();
      await queue.close();
    },
  };
}

async function startWorkerProcess(redisPort: number, queue: string, concurrency: number): Promise<ChildProcess> {
  const child = spawn(process.execPath, ["--import", "tsx", workerScript, String(redisPort), queue, String(concurrency)], { stdio: ["ignore", "pipe", "inherit"] });
  await new Promise<void>((resolve, reject) => {
    child.once("exit", (code) => reject(new Error(`a BullMQ worker process exited with ${code}`)));
    createInterface({ input: child.stdout! }).once("line", () => resolve());
  });
  child.removeAllListeners("exit");
  return child;
}

function stopProcess(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null) return Promise.resolve();
  const exited = new Promise<void>((resolve) => child.once("exit", () => resolve()));
  child.kill("SIGTERM");
  const timer = setTimeout(() => child.kill("SIGKILL"), 3_000);
  return exited.finally(() => clearTimeout(timer));
}
