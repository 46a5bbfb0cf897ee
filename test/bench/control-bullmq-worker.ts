/**
 * BullMQ workers for the control benchmarks, in a Node process of their own as a runner is:
 * `control-bullmq-worker.ts <redis port> <queue> <concurrency>` runs one Worker whose jobs do
 * nothing, and prints `{"ready":true}` once it is waiting for jobs.
 */
import { Worker } from "bullmq";

const [port, queue, concurrency] = process.argv.slice(2);
const worker = new Worker(queue!, async () => null, { connection: { host: "127.0.0.1", port: Number(port), maxRetriesPerRequest: null }, concurrency: Number(concurrency) });
await worker.waitUntilReady();
console.log(JSON.stringify({ ready: true }));
process.once("SIGTERM", () => void worker.close().then(() => process.exit(0)));
