/**
 * The sandbox pool's fast lane: a lone call may first run on the caller's thread, for at most
 * a slice of time (1 ms) and of memory (8 MB). Why: a chain of small transforms is a chain of
 * round trips (a worker round trip costs ~30 µs, a warm QuickJS call ~10 µs), and one call at a
 * time cannot use a second core anyway. A call that outgrows its slice is stopped and starts
 * over in a worker with its full limits, so user code holds the caller's thread for at most
 * one slice per call, and for at most `turnBudgetMs` before timers and I/O get a turn.
 */
import type { CodeScope, SandboxCallLimits, SandboxLimits, SandboxResult, SyncSandbox } from "../sandbox/sandbox.ts";
import type { CodeKind } from "../sandbox/code-call.ts";

export interface InlineLaneOptions {
  /** A QuickJS sandbox on this thread (`createQuickJSSandbox`). */
  readonly sandbox: SyncSandbox;
  /** Longest a call may run here before it moves to a worker. Default 1 ms. */
  readonly sliceMs?: number;
  /** Most memory a call may use here before it moves to a worker. Default 8 MB. */
  readonly memoryLimitBytes?: number;
  /** Code time on this thread between two turns of the event loop. Default 5 ms. */
  readonly turnBudgetMs?: number;
}

export interface InlineLane {
  /** Whether this turn of the event loop has budget left, and `source` has not outgrown the lane before. */
  accepts(source: string): boolean;
  /** The call's result, or `undefined` when it outgrew the lane and must run in a worker. */
  run(kind: CodeKind, source: string, scope: CodeScope, limits: SandboxCallLimits | undefined): SandboxResult | undefined;
  dispose(): void;
}

export function createInlineLane(options: InlineLaneOptions, base: SandboxLimits): InlineLane {
  const sliceMs = options.sliceMs ?? 1;
  const laneMemory = options.memoryLimitBytes ?? 8 * 1024 * 1024;
  const turnBudgetMs = options.turnBudgetMs ?? 5;
  let used = 0;
  let resetArmed = false;
  /** Sources that outgrew the lane once go straight to a worker from then on. */
  const heavy = new Set<string>();
  const reset = () => {
    used = 0;
    resetArmed = false;
  };
  return {
    accepts: (source) => used < turnBudgetMs && !heavy.has(source),
    run(kind, source, scope, limits) {
      const timeLimitMs = limits?.timeLimitMs ?? base.timeLimitMs;
      const memoryLimitBytes = limits?.memoryLimitBytes ?? base.memoryLimitBytes;
      const slice = { ...limits, timeLimitMs: Math.min(sliceMs, timeLimitMs), memoryLimitBytes: Math.min(laneMemory, memoryLimitBytes) };
      const started = performance.now();
      const result = kind === "function" ? options.sandbox.runFunction(source, scope, slice) : options.sandbox.evaluate(source, scope, slice);
      used += performance.now() - started;
      if (!resetArmed) {
        resetArmed = true;
        afterThisTurn(reset);
      }
      if (result.ok) return result;
      const outgrewTime = result.error.code === "CODE_TIMEOUT" && slice.timeLimitMs < timeLimitMs;
      const outgrewMemory = result.error.code === "CODE_MEMORY" && slice.memoryLimitBytes < memoryLimitBytes;
      if (!outgrewTime && !outgrewMemory) return result;
      if (heavy.size >= 1024) heavy.clear();
      heavy.add(source);
      return undefined;
    },
    dispose: () => options.sandbox.dispose(),
  };
}

/** Runs `fn` once the event loop has had a turn: `setImmediate` on Node, else a timer. */
function afterThisTurn(fn: () => void): void {
  const immediate = (globalThis as { setImmediate?: (callback: () => void) => unknown }).setImmediate;
  if (immediate) immediate(fn);
  else setTimeout(fn, 0);
}
