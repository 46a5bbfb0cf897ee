/**
 * Runs one program for a node: in the sandbox (sandbox-command.ts), input on stdin, its
 * stdout and stderr streamed line by line to the run log while kept (up to a cap) for the
 * result, a deadline, and cancel as SIGTERM, a grace period, then SIGKILL.
 */
import { spawn } from "node:child_process";
import { chownSync, mkdtempSync, readdirSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { NexusError, ErrorCode } from "@nexus-flow/shared";
import { lineSplitter } from "./line-splitter.ts";
import { sandboxCommand, type SandboxSpec } from "./sandbox-command.ts";

export interface ProcessRequest extends Omit<SandboxSpec, "scratchDir"> {
  readonly env: Readonly<Record<string, string>>;
  readonly stdin: string;
  readonly timeoutMs: number;
  readonly maxOutputBytes: number;
  readonly prlimit: string | undefined;
  readonly signal: AbortSignal;
  readonly onLine: (stream: "stdout" | "stderr", text: string) => void;
  /** Read fd 3 too (the Python node's result channel). */
  readonly resultChannel?: boolean;
  readonly graceMs?: number;
}

export interface ProcessResult {
  readonly exitCode: number | null;
  readonly killedBy: string | null;
  readonly stdout: string;
  readonly stderr: string;
  readonly result: string;
}

/** `nobody`: a user with no files of its own, so RLIMIT_NPROC counts only the sandboxed processes. */
const nobody = 65_534;

export async function runSandboxed(request: ProcessRequest): Promise<ProcessResult> {
  const scratchDir = mkdtempSync(join(tmpdir(), "nexus-node-"));
  const asRoot = process.getuid?.() === 0;
  if (asRoot) chownSync(scratchDir, nobody, nobody);
  try {
    return await spawnAndCollect(request, scratchDir, asRoot);
  } finally {
    rmSync(scratchDir, { recursive: true, force: true });
  }
}

function spawnAndCollect(request: ProcessRequest, scratchDir: string, asRoot: boolean): Promise<ProcessResult> {
  // RLIMIT_NPROC counts every thread of the user: as `nobody` that is the sandboxed processes
  // alone; as anyone else it includes what they already run, so the limit sits above that.
  const maxProcesses = asRoot ? request.maxProcesses : threadsOfUser(process.getuid?.() ?? -1) + request.maxProcesses;
  const command = sandboxCommand({ ...request, maxProcesses, scratchDir }, request.prlimit);
  const child = spawn(command.file, command.args, {
    cwd: command.cwd,
    env: request.env,
    detached: true,
    stdio: ["pipe", "pipe", "pipe", ...(request.resultChannel ? (["pipe"] as const) : [])],
    ...(asRoot ? { uid: nobody, gid: nobody } : {}),
  });
  const kept = { stdout: new OutputBuffer(request.maxOutputBytes), stderr: new OutputBuffer(request.maxOutputBytes), result: new OutputBuffer(request.maxOutputBytes) };
  let stopReason: NexusError | undefined;
  const stop = (reason: NexusError) => {
    stopReason ??= reason;
    killGroup(child.pid, "SIGTERM");
    setTimeout(() => killGroup(child.pid, "SIGKILL"), request.graceMs ?? 2_000).unref();
  };
  for (const stream of ["stdout", "stderr"] as const) {
    const lines = lineSplitter((text) => request.onLine(stream, text));
    child[stream]!.on("data", (chunk: Buffer) => {
      lines.write(chunk);
      if (!kept[stream].add(chunk)) stop(tooMuch(stream, request.maxOutputBytes));
    });
    child[stream]!.on("end", () => lines.end());
  }
  const resultStream = request.resultChannel ? (child.stdio[3] as NodeJS.ReadableStream) : undefined;
  resultStream?.on("data", (chunk: Buffer) => kept.result.add(chunk) || stop(tooMuch("output", request.maxOutputBytes)));
  child.stdin!.on("error", () => {}); // a program that exits without reading its input is not an error
  child.stdin!.end(request.stdin);
  const deadline = setTimeout(() => stop(new NexusError({ code: ErrorCode.Timeout, message: `timed out after ${request.timeoutMs} ms`, retryable: false })), request.timeoutMs);
  const onAbort = () => stop(new NexusError({ code: ErrorCode.Cancelled, message: String(request.signal.reason ?? "cancelled"), retryable: false }));
  if (request.signal.aborted) onAbort();
  request.signal.addEventListener("abort", onAbort, { once: true });
  return new Promise((resolve, reject) => {
    child.on("error", (error) => reject(new NexusError({ code: ErrorCode.NoExecutor, message: `cannot start ${command.file}: ${error.message}`, retryable: false })));
    child.on("close", (exitCode, signal) => {
      clearTimeout(deadline);
      request.signal.removeEventListener("abort", onAbort);
      killGroup(child.pid, "SIGKILL"); // anything the program left behind in its group
      if (stopReason) return reject(stopReason);
      resolve({ exitCode, killedBy: signal, stdout: kept.stdout.text(), stderr: kept.stderr.text(), result: kept.result.text() });
    });
  });
}

function threadsOfUser(uid: number): number {
  let threads = 0;
  for (const entry of readdirSync("/proc")) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const status = readFileSync(`/proc/${entry}/status`, "utf8");
      if (new RegExp(`^Uid:\\s+${uid}\\b`, "m").test(status)) threads += Number(/^Threads:\s+(\d+)/m.exec(status)?.[1] ?? 1);
    } catch {
      // gone meanwhile
    }
  }
  return threads;
}

function killGroup(pid: number | undefined, signal: NodeJS.Signals): void {
  if (!pid) return;
  try {
    process.kill(-pid, signal);
  } catch {
    // already gone
  }
}

const tooMuch = (what: string, cap: number) => new NexusError({ code: "OUTPUT_TOO_LARGE", message: `${what} passed the runner's cap of ${cap} bytes; the process was stopped`, retryable: false });

/** Keeps up to `cap` bytes; `add` says false once the cap is passed. */
export class OutputBuffer {
  private readonly chunks: Buffer[] = [];
  private size = 0;
  constructor(private readonly cap: number) {}
  add(chunk: Buffer): boolean {
    this.size += chunk.length;
    if (this.size > this.cap) return false;
    this.chunks.push(chunk);
    return true;
  }
  text(): string {
    return Buffer.concat(this.chunks).toString("utf8");
  }
}

/** The last `lines` lines of `text`, for error messages. */
export function tail(text: string, lines = 20): string {
  const all = text.trimEnd().split("\n");
  return (all.length > lines ? ["…", ...all.slice(-lines)] : all).join("\n");
}
