/**
 * The hub side of the control benchmarks: a team on the real relay (`wrangler dev`), real
 * `nexus runner` processes, and submitters speaking the job protocol over `ws`
 * (`GET /api/jobs/connect`, PROTOCOL.md "Submitters").
 */
import WebSocket from "ws";
import { wireLimits } from "@nexus-flow/shared/protocol";
import { createTeam } from "../control/support/control-api.ts";
import { startRunner, type RunnerProcess } from "../control/support/runner-process.ts";

const payload = { runId: "b", nodeId: "n1", type: "noop", config: {}, input: null, runInput: null, attempt: 1 };

export interface HubSide {
  /** One job: submit, wait for its `result`; ms. */
  roundTrip(key: string): Promise<number>;
  /** `jobs` submitted at once over the submitter sockets; ms until the last result arrived. */
  throughput(jobs: number, prefix: string): Promise<number>;
  close(): Promise<void>;
}

/**
 * A team with `runners` runner processes of `slots` each. A submitter socket may send 2,000
 * frames at once and 500 a second after that (wire limits), so bulk submits are spread over
 * `submitters` sockets of at most 1,000 jobs each.
 */
export async function startHubSide(relayUrl: string, options: { name: string; runners: number; slots: number; submitters: number }): Promise<HubSide> {
  const team = await createTeam(relayUrl, options.name);
  const editor = await team.token("editor");
  const runners: RunnerProcess[] = [];
  for (let i = 0; i < options.runners; i++) {
    runners.push(await startRunner(relayUrl, await team.token("runner"), { name: `${options.name}-${i + 1}`, concurrency: options.slots }));
  }
  await Promise.all(runners.map((runner) => runner.connected()));
  const sockets = await Promise.all(Array.from({ length: options.submitters }, () => Submitter.open(relayUrl, editor)));
  return {
    roundTrip: (key) => sockets[0]!.roundTrip(key),
    async throughput(jobs, prefix) {
      const started = performance.now();
      const share = Math.ceil(jobs / sockets.length);
      await Promise.all(sockets.map((socket, s) => socket.submitMany(Array.from({ length: Math.max(0, Math.min(share, jobs - s * share)) }, (_, i) => `${prefix}-${s}-${i}`)))).catch((error: Error) => {
        // What the runners last said is what tells a stuck job apart from a slow one.
        const tails = runners.map((runner) => `${runner.name}:\n${runner.output().split("\n").filter((line) => !/: (started|done) /.test(line)).slice(-40).join("\n")}`);
        throw new Error(`${error.message}\n${tails.join("\n")}`);
      });
      return performance.now() - started;
    },
    async close() {
      for (const socket of sockets) socket.close();
      await Promise.all(runners.map((runner) => runner.dispose()));
    },
  };
}

type Notice = { type: string; key?: string; outcome?: { ok: boolean; error?: { message: string } }; message?: string };

const submitFrame = (key: string) => JSON.stringify({ type: "submit", key, labels: [], payload });

class Submitter {
  private readonly waiting = new Map<string, () => void>();

  private constructor(private readonly socket: WebSocket) {
    socket.on("message", (data) => {
      const parsed = JSON.parse(String(data)) as Notice | Notice[];
      for (const notice of Array.isArray(parsed) ? parsed : [parsed]) this.onNotice(notice);
    });
  }

  private onNotice(notice: Notice): void {
    if (notice.type === "error") throw new Error(`the hub refused a submit: ${notice.message}`);
    if (notice.type !== "result" || !notice.key) return;
    if (!notice.outcome?.ok) throw new Error(`job ${notice.key} failed: ${notice.outcome?.error?.message}`);
    this.waiting.get(notice.key)?.();
    this.waiting.delete(notice.key);
  }

  /** `batch=1`: the hub answers each decision's notices in one frame (W5), as it reads our batched submits. */
  static open(relayUrl: string, token: string): Promise<Submitter> {
    // No permessage-deflate, as ioredis on BullMQ's side compresses nothing.
    const socket = new WebSocket(`${relayUrl.replace(/^http/, "ws")}/api/jobs/connect?batch=1&token=${encodeURIComponent(token)}`, { perMessageDeflate: false });
    return new Promise((resolve, reject) => {
      socket.once("open", () => resolve(new Submitter(socket)));
      socket.once("error", reject);
      socket.on("close", (code, reason) => {
        if (code !== 1000 && code !== 1005) console.error(`a submitter socket was closed: ${code} ${String(reason)}`);
      });
    });
  }

  async roundTrip(key: string): Promise<number> {
    const started = performance.now();
    await this.submit(key);
    return performance.now() - started;
  }

  /** Submits in frames of `maxBatch` (W5), as BullMQ's side adds in bulk (`addBulk`). */
  submitMany(keys: readonly string[]): Promise<unknown> {
    const results: Promise<void>[] = [];
    for (let at = 0; at < keys.length; at += wireLimits.maxBatch) {
      const group = keys.slice(at, at + wireLimits.maxBatch);
      results.push(...group.map((key) => this.awaitResult(key)));
      this.socket.send(`[${group.map(submitFrame).join(",")}]`);
    }
    return Promise.all(results);
  }

  private submit(key: string): Promise<void> {
    const result = this.awaitResult(key);
    this.socket.send(submitFrame(key));
    return result;
  }

  private awaitResult(key: string): Promise<void> {
    return new Promise<void>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`no result for job ${key} within 120 s`)), 120_000);
      this.waiting.set(key, () => (clearTimeout(timer), resolve()));
    });
  }

  close(): void {
    this.socket.close(1000);
  }
}
