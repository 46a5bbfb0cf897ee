/**
 * What this machine offers for process nodes: bubblewrap and prlimit if installed, and the
 * Python interpreter the sandbox can reach. Found once when the runner starts.
 */
import { execFileSync } from "node:child_process";
import { NexusError, ErrorCode } from "@nexus-flow/shared";
import type { ProcessLimits } from "../config/runner-config.ts";
import { findOnPath } from "./sandbox-command.ts";

export interface ProcessHost {
  readonly bwrap: string | undefined;
  readonly prlimit: string | undefined;
}

export function detectProcessHost(): ProcessHost {
  return { bwrap: findOnPath("bwrap"), prlimit: findOnPath("prlimit") };
}

/** Limits a process node runs with: the runner's config, else these defaults. */
export interface EffectiveLimits {
  readonly timeoutMs: number;
  readonly maxOutputBytes: number;
  readonly network: boolean;
  readonly bwrap: string | undefined;
  readonly maxProcesses: number;
}

export const processDefaults = { timeoutMs: 3_600_000, maxOutputBytes: 16 * 1024 * 1024, maxProcesses: 128, memoryMb: 512 } as const;

export function effectiveLimits(limits: ProcessLimits, host: ProcessHost, what: string): EffectiveLimits {
  const sandbox = limits.sandbox ?? "auto";
  if (sandbox === "bwrap" && !host.bwrap) throw new NexusError({ code: ErrorCode.NoExecutor, message: `${what} needs bubblewrap (bwrap), which is not installed on this runner`, retryable: false });
  return {
    timeoutMs: limits.timeoutMs ?? processDefaults.timeoutMs,
    maxOutputBytes: limits.maxOutputBytes ?? processDefaults.maxOutputBytes,
    network: limits.network ?? false,
    bwrap: sandbox === "none" ? undefined : host.bwrap,
    maxProcesses: limits.maxProcesses ?? processDefaults.maxProcesses,
  };
}

/**
 * The interpreter's real path and the directories it needs outside /usr (a pyenv or venv
 * prefix), asked of the interpreter itself.
 */
export function locatePython(command: string): { path: string; readOnly: string[]; version: string } {
  const found = findOnPath(command);
  if (!found) throw new NexusError({ code: ErrorCode.NoExecutor, message: `${command} was not found on this runner's PATH`, retryable: false });
  const text = execFileSync(found, ["-I", "-c", "import json, sys; print(json.dumps([sys.executable, sys.base_prefix, sys.prefix, sys.version.split()[0]]))"], { encoding: "utf8", timeout: 10_000 });
  const [executable, basePrefix, prefix, version] = JSON.parse(text) as string[];
  const readOnly = [...new Set([basePrefix!, prefix!])].filter((dir) => !dir.startsWith("/usr"));
  return { path: executable!, readOnly, version: version! };
}
