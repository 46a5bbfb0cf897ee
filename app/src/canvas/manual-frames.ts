import { afterEach, beforeEach, vi } from "vitest";

/**
 * For unit tests: animation frames run by hand. Call once at a test file's top level; it stubs
 * `requestAnimationFrame` around each test. `frame()` runs the callbacks queued so far,
 * `settle()` runs frames until none are queued (at most 500), `pending()` counts those queued.
 * @example const { frame, settle } = manualFrames();
 */
export function manualFrames(): { frame(): void; settle(): void; pending(): number } {
  let queued: Array<() => void> = [];
  const frame = () => {
    const run = queued;
    queued = [];
    for (const callback of run) callback();
  };
  beforeEach(() => {
    queued = [];
    vi.stubGlobal("requestAnimationFrame", (callback: () => void) => queued.push(callback));
    vi.stubGlobal("cancelAnimationFrame", () => {});
  });
  afterEach(() => vi.unstubAllGlobals());
  return {
    frame,
    pending: () => queued.length,
    settle: () => {
      for (let i = 0; i < 500 && queued.length; i++) frame();
    },
  };
}
