import { onCleanup } from "solid-js";

/**
 * Runs `work` at most once per animation frame however often `schedule` is called; `now`
 * runs it at once (cancelling the pending frame). Cancelled with the owning Solid scope.
 * @example const redraw = frameScheduler(draw); lookup.onGeometryChange(redraw.schedule);
 */
export function frameScheduler(work: () => void): { schedule(): void; now(): void } {
  let frame = 0;
  const run = () => {
    frame = 0;
    work();
  };
  onCleanup(() => cancelAnimationFrame(frame));
  return {
    schedule() {
      if (!frame) frame = requestAnimationFrame(run);
    },
    now() {
      cancelAnimationFrame(frame);
      run();
    },
  };
}
