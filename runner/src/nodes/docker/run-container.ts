/**
 * One container from create to remove: attached before it starts (so no output is lost),
 * stdin written and closed, stdout and stderr streamed line by line as they come, a deadline
 * and cancel as `docker stop` (SIGTERM, a grace period, SIGKILL), and the container removed
 * whatever happens. The engine's own `docker run --rm` does no less work than this.
 */
import { PassThrough, type Duplex } from "node:stream";
import type Docker from "dockerode";
import { ErrorCode, NexusError } from "@nexus-flow/shared";
import { lineSplitter } from "../line-splitter.ts";
import { OutputBuffer } from "../run-sandboxed.ts";

export interface ContainerSpec {
  readonly image: string;
  readonly command: readonly string[] | undefined;
  readonly env: Readonly<Record<string, string>>;
  readonly stdin: string;
  readonly labels: Readonly<Record<string, string>>;
  readonly memoryMb: number;
  readonly cpus: number | undefined;
  readonly network: string;
  readonly timeoutMs: number;
  readonly maxOutputBytes: number;
  readonly graceSeconds: number;
  readonly signal: AbortSignal;
  readonly onLine: (stream: "stdout" | "stderr", text: string) => void;
}

export interface ContainerResult {
  readonly exitCode: number;
  readonly oomKilled: boolean;
  readonly stdout: string;
  readonly stderr: string;
}

export async function runContainer(docker: Docker, spec: ContainerSpec): Promise<ContainerResult> {
  const memory = spec.memoryMb * 1024 * 1024;
  const container = await docker.createContainer({
    Image: spec.image,
    ...(spec.command ? { Cmd: [...spec.command] } : {}),
    Env: Object.entries(spec.env).map(([name, value]) => `${name}=${value}`),
    Labels: { ...spec.labels },
    AttachStdin: true,
    AttachStdout: true,
    AttachStderr: true,
    OpenStdin: true,
    StdinOnce: true,
    Tty: false,
    // MemorySwap = Memory: no swap, so going over the limit is an OOM kill, not a slow crawl.
    HostConfig: { Memory: memory, MemorySwap: memory, NetworkMode: spec.network, ...(spec.cpus ? { NanoCpus: Math.round(spec.cpus * 1e9) } : {}) },
  });
  try {
    return await attachAndRun(container, spec);
  } finally {
    await container.remove({ force: true }).catch(() => {}); // gone already is fine; a crash leaves it to the start-up sweep
  }
}

async function attachAndRun(container: Docker.Container, spec: ContainerSpec): Promise<ContainerResult> {
  const stream = (await container.attach({ stream: true, stdin: true, stdout: true, stderr: true, hijack: true })) as Duplex;
  const kept = { stdout: new OutputBuffer(spec.maxOutputBytes), stderr: new OutputBuffer(spec.maxOutputBytes) };
  let stopReason: NexusError | undefined;
  let stopping: Promise<unknown> | undefined;
  const stop = (reason: NexusError) => {
    stopReason ??= reason;
    stopping ??= container.stop({ t: spec.graceSeconds }).catch(() => {});
  };
  const ended = new Promise<void>((resolve) => {
    stream.once("end", resolve);
    stream.once("close", resolve);
    stream.on("error", () => resolve()); // a container that exits without reading stdin breaks the pipe: not an error
  });
  const splitters: (() => void)[] = [];
  const sinks = (["stdout", "stderr"] as const).map((name) => {
    const sink = new PassThrough();
    const lines = lineSplitter((text) => spec.onLine(name, text));
    sink.on("data", (chunk: Buffer) => {
      lines.write(chunk);
      if (!kept[name].add(chunk)) stop(new NexusError({ code: "OUTPUT_TOO_LARGE", message: `${name} passed the runner's cap of ${spec.maxOutputBytes} bytes; the container was stopped`, retryable: false }));
    });
    splitters.push(() => lines.end());
    return sink;
  });
  container.modem.demuxStream(stream, sinks[0]!, sinks[1]!);
  const cancelled = () => new NexusError({ code: ErrorCode.Cancelled, message: `${String(spec.signal.reason ?? "cancelled")}; the container was stopped`, retryable: false });
  const onAbort = () => stop(cancelled());
  const deadline = setTimeout(() => stop(new NexusError({ code: ErrorCode.Timeout, message: `timed out after ${spec.timeoutMs} ms; the container was stopped`, retryable: false })), spec.timeoutMs);
  try {
    if (spec.signal.aborted) throw cancelled();
    spec.signal.addEventListener("abort", onAbort, { once: true });
    await container.start();
    stream.end(spec.stdin); // closing stdin (StdinOnce) tells the program its input is complete
    const { StatusCode } = (await container.wait()) as { StatusCode: number };
    await Promise.race([ended, new Promise((resolve) => setTimeout(resolve, 2_000))]);
    for (const end of splitters) end();
    await stopping;
    if (stopReason) throw stopReason;
    // Only a failed container is asked how it ended: the common case pays no extra round trip.
    const oomKilled = StatusCode !== 0 && Boolean((await container.inspect()).State.OOMKilled);
    return { exitCode: StatusCode, oomKilled, stdout: kept.stdout.text(), stderr: kept.stderr.text() };
  } finally {
    clearTimeout(deadline);
    spec.signal.removeEventListener("abort", onAbort);
    stream.destroy();
  }
}
