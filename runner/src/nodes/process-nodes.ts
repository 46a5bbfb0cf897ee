/**
 * Executors of `shell.exec` and `python`: each runs one sandboxed process per attempt
 * (run-sandboxed.ts) with the limits of the runner's config; what the process prints goes
 * to the run log line by line as it comes.
 */
import { existsSync } from "node:fs";
import { ErrorCode, NexusError, type JsonValue, type NodeExecution, type NodeExecutor, type PythonConfig, type ShellExecConfig } from "@nexus-flow/shared";
import type { RunnerConfig } from "../config/runner-config.ts";
import { effectiveLimits, locatePython, processDefaults, type ProcessHost } from "./process-host.ts";
import { pythonPreamble } from "./python-preamble.ts";
import { runSandboxed, tail, type ProcessRequest } from "./run-sandboxed.ts";
import { sandboxScratch } from "./sandbox-command.ts";

const baseEnv = { PATH: "/usr/local/bin:/usr/bin:/bin", LANG: "C.UTF-8" };

function lineSink(execution: NodeExecution<unknown>): ProcessRequest["onLine"] {
  const log = execution.services.log;
  return (stream, text) => log?.({ nodeId: execution.nodeId, stream, text });
}

const within = (asked: number | undefined, limit: number) => Math.min(asked ?? limit, limit);

export function shellExecExecutor(config: RunnerConfig["shell"], host: ProcessHost, runnerName: string): NodeExecutor {
  return async (execution) => {
    if (!config?.enabled) throw new NexusError({ code: ErrorCode.NoExecutor, message: `shell.exec is off on runner ${runnerName}: its config must say "shell": {"enabled": true}`, retryable: false });
    const node = execution.config as ShellExecConfig;
    const limits = effectiveLimits(config, host, "shell.exec");
    const result = await runSandboxed({
      program: node.command,
      args: node.args ?? [],
      env: { ...baseEnv, HOME: limits.bwrap ? sandboxScratch : "/tmp", ...node.env },
      stdin: JSON.stringify(execution.input ?? null),
      timeoutMs: within(node.timeoutMs, limits.timeoutMs),
      maxOutputBytes: limits.maxOutputBytes,
      network: limits.network,
      bwrap: limits.bwrap,
      prlimit: host.prlimit,
      maxProcesses: limits.maxProcesses,
      signal: execution.signal,
      onLine: lineSink(execution),
    });
    if (result.exitCode !== 0) throw exitError(node.command, result);
    if (node.output !== "json") return { output: { exitCode: 0, stdout: result.stdout, stderr: result.stderr } };
    try {
      return { output: JSON.parse(result.stdout) as JsonValue };
    } catch (error) {
      throw new NexusError({ code: "OUTPUT_NOT_JSON", message: `${node.command} printed something that is not JSON on stdout (output: json): ${(error as Error).message}`, retryable: false });
    }
  };
}

function exitError(what: string, result: { exitCode: number | null; killedBy: string | null; stderr: string }): NexusError {
  const how = result.killedBy ? `was killed by ${result.killedBy} (a memory or process limit?)` : `exited with code ${result.exitCode}`;
  const stderr = tail(result.stderr);
  return new NexusError({ code: "PROCESS_FAILED", message: `${what} ${how}${stderr ? `:\n${stderr}` : ""}`, retryable: false });
}

export function pythonExecutor(config: RunnerConfig["python"], host: ProcessHost, runnerName: string): NodeExecutor {
  let python: ReturnType<typeof locatePython> | undefined;
  return async (execution) => {
    const enabled = config?.enabled ?? Boolean(host.bwrap);
    if (!enabled) throw new NexusError({ code: ErrorCode.NoExecutor, message: `python is off on runner ${runnerName}: install bubblewrap, or say "python": {"enabled": true} in its config`, retryable: false });
    const node = execution.config as PythonConfig;
    const limits = effectiveLimits(config ?? {}, host, "python");
    python ??= locatePython(config?.command ?? defaultPython());
    const memoryMb = within(node.memoryMb, config?.memoryMb ?? processDefaults.memoryMb);
    const result = await runSandboxed({
      program: python.path,
      args: ["-I", "-c", pythonPreamble],
      readOnly: python.readOnly,
      env: { ...baseEnv, HOME: limits.bwrap ? sandboxScratch : "/tmp", PYTHONUNBUFFERED: "1" },
      stdin: JSON.stringify({ code: node.code, input: execution.input ?? null }),
      timeoutMs: within(node.timeoutMs, limits.timeoutMs),
      maxOutputBytes: limits.maxOutputBytes,
      network: limits.network,
      bwrap: limits.bwrap,
      prlimit: host.prlimit,
      maxProcesses: limits.maxProcesses,
      memoryMb,
      resultChannel: true,
      signal: execution.signal,
      onLine: lineSink(execution),
    });
    return { output: pythonOutcome(result, memoryMb) };
  };
}

/** Debian's interpreter when there is one: the sandbox (run as `nobody`) cannot reach one under /root (pyenv). */
const defaultPython = () => (existsSync("/usr/bin/python3") ? "/usr/bin/python3" : "python3");

function pythonOutcome(result: { exitCode: number | null; killedBy: string | null; stderr: string; result: string }, memoryMb: number): JsonValue {
  let reply: { ok: boolean; output?: JsonValue; error?: string } | undefined;
  try {
    reply = result.result ? (JSON.parse(result.result) as typeof reply) : undefined;
  } catch {
    reply = undefined;
  }
  if (reply?.ok) return reply.output ?? null;
  if (reply?.error) throw new NexusError({ code: /^MemoryError/m.test(reply.error) ? "CODE_MEMORY" : ErrorCode.CodeError, message: reply.error, retryable: false });
  const died = result.killedBy ? `was killed by ${result.killedBy}` : result.exitCode === 0 ? "ended without a result" : `exited with code ${result.exitCode}`;
  const hint = /MemoryError|Cannot allocate|out of memory/i.test(result.stderr) ? ` (over its memory limit of ${memoryMb} MB)` : "";
  throw new NexusError({ code: ErrorCode.CodeError, message: `python ${died}${hint}${result.stderr ? `:\n${tail(result.stderr)}` : ""}`, retryable: false });
}
