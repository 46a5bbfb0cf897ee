/**
 * Seeded hostile frames for the hub's sockets (issue 7, PROTOCOL.md W2): random JSON, valid
 * shapes with wrong types, strings near and over the 1 MB frame limit, binary frames,
 * unknown types, messages naming other teams' jobs, leases the sender does not hold, stale
 * epochs, and valid messages in between. Each frame says whether the hub must close the
 * connection for it, judged by the shared schema itself, so the test can blame each close.
 */
import { runnerMessageSchema, wireLimits } from "@nexus-flow/shared/protocol";

export interface FuzzFrame {
  readonly kind: string;
  readonly data: string | Buffer;
  /** The hub must refuse it and close (bad shape, binary, too big, wrong protocol). */
  readonly mustClose: boolean;
}

/** Jobs the frames name: the honest runner's current lease and jobs of another team. */
export interface FuzzTargets {
  heldJobId: () => string | undefined;
  readonly otherTeamJobIds: readonly string[];
}

/** mulberry32: small, seeded, the same frames for the same seed. */
export function seededRandom(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export class FrameFuzzer {
  constructor(
    private readonly random: () => number,
    private readonly targets: FuzzTargets,
  ) {}

  private int(max: number): number {
    return Math.floor(this.random() * max);
  }

  private pick<T>(items: readonly T[]): T {
    return items[this.int(items.length)]!;
  }

  /** Any JSON value, a few levels deep, with awkward numbers and strings. */
  json(depth = 3): unknown {
    const roll = this.int(depth > 0 ? 8 : 5);
    switch (roll) {
      case 0: return null;
      case 1: return this.pick([0, -1, 1.5, 2 ** 53, -(2 ** 31), 1e308, true, false]);
      case 2: return this.pick(["", "hello", "\u0000", "💥".repeat(3), "a".repeat(this.int(300)), "__proto__", "constructor"]);
      case 3: return this.int(1e9);
      case 4: return this.pick(["heartbeat", "chunk", "result", "hello", "release", "drain", "job", "welcome"]);
      case 5: return Array.from({ length: this.int(5) }, () => this.json(depth - 1));
      default: return Object.fromEntries(Array.from({ length: this.int(5) }, () => [this.pick(["type", "jobId", "epoch", "seq", "leases", "outcome", "events", "__proto__", "x"]), this.json(depth - 1)]));
    }
  }

  /** A job id to name: the honest runner's (held by someone else), another team's, or made up. */
  private jobId(): string {
    const held = this.targets.heldJobId();
    return this.pick([held ?? "run_none:1", this.pick(this.targets.otherTeamJobIds), `run_${this.int(1e6)}:1`, ""]);
  }

  private epoch(): unknown {
    return this.pick([0, 1, 1, 2, 3, 99, -1, 1.5, "1", null]);
  }

  /** A message of a real type, usually well-formed, sometimes with one field of the wrong type. */
  private plausible(): Record<string, unknown> {
    const jobId = this.jobId();
    const at = Date.now();
    const messages: Array<() => Record<string, unknown>> = [
      () => ({ type: "heartbeat", leases: Array.from({ length: this.int(4) }, () => ({ jobId: this.jobId(), epoch: this.epoch() })) }),
      () => ({ type: "result", jobId, epoch: this.epoch(), outcome: this.pick([{ ok: true, output: this.json(2) }, { ok: false, error: { code: "X", message: "fuzz", retryable: false } }, { ok: "yes" }]) }),
      () => ({ type: "release", jobId, epoch: this.epoch(), reason: "fuzz" }),
      () => ({
        type: "chunk", jobId, epoch: this.epoch(), seq: this.pick([1, 2, 3, 50, 0]),
        events: this.pick([
          [{ type: "node.started", nodeId: "d1", attempt: 1, at }],
          [{ type: "node.succeeded", nodeId: "d1", attempt: 1, output: null, at }],
          [{ type: "run.finished", status: "succeeded", at }],
          [{ type: "node.failed", nodeId: "n1", attempt: 1, error: { code: "FUZZ", message: "fuzz", retryable: false }, at }],
          [{ type: "nonsense", at }],
        ]),
      }),
      () => ({ type: "chunk", jobId, epoch: this.epoch(), seq: 1, lines: [{ at, stream: "stdout", text: "fuzz" }] }),
      () => ({ type: "drain" }),
      () => ({ type: "hello", protocol: this.pick([1, 1, 1, 2]), name: "fuzz", labels: this.pick([[], ["fuzz"], ["BAD LABEL"]]), slots: this.pick([1, 4, 0, 5000]), version: "fuzz", connections: [], leases: [{ jobId, epoch: 1 }] }),
    ];
    const message = this.pick(messages)();
    if (this.random() < 0.3) {
      const keys = Object.keys(message).filter((key) => key !== "type");
      if (keys.length) message[this.pick(keys)] = this.json(1);
    }
    return message;
  }

  /** One frame for the runner socket (after this connection's hello). */
  next(): FuzzFrame {
    const roll = this.random();
    if (roll < 0.01) return this.sized(wireLimits.maxFrameBytes - 1_000 - this.int(50_000), "near the limit");
    if (roll < 0.02) return this.sized(wireLimits.maxFrameBytes + 1 + this.int(150_000), "over the limit");
    if (roll < 0.07) return { kind: "binary", data: Buffer.from(Array.from({ length: 1 + this.int(64) }, () => this.int(256))), mustClose: true };
    if (roll < 0.12) return this.text("not JSON", this.pick(["{", "[1,2", "undefined", "{'type':'drain'}", "\u0000", "{\"type\":\"drain\"}}"]));
    if (roll < 0.27) return this.text("random JSON", JSON.stringify(this.json()));
    if (roll < 0.32) return this.text("unknown type", JSON.stringify({ type: this.pick(["job", "welcome", "submit", "pwn", "", "HEARTBEAT"]), jobId: this.jobId() }));
    return this.text("plausible", JSON.stringify(this.plausible()));
  }

  private text(kind: string, data: string): FuzzFrame {
    return { kind, data, mustClose: mustClose(data) };
  }

  /** A heartbeat padded (unknown keys are ignored) or a release with an over-long reason, `bytes` long. */
  private sized(bytes: number, kind: string): FuzzFrame {
    const shell = this.random() < 0.5 ? { type: "heartbeat", leases: [], pad: "" } : { type: "release", jobId: this.jobId(), epoch: 1, reason: "" };
    const bare = JSON.stringify(shell).length;
    const padded = "pad" in shell ? { ...shell, pad: "x".repeat(bytes - bare) } : { ...shell, reason: "x".repeat(bytes - bare) };
    const data = JSON.stringify(padded);
    return { kind, data, mustClose: mustClose(data) };
  }
}

/** What the hub must refuse (rule W2), judged by the shared schema. */
function mustClose(frame: string): boolean {
  if (frame.length > wireLimits.maxFrameBytes) return true;
  let data: unknown;
  try {
    data = JSON.parse(frame);
  } catch {
    return true;
  }
  const parsed = runnerMessageSchema.safeParse(data);
  return !parsed.success || (parsed.data.type === "hello" && parsed.data.protocol !== 1);
}
