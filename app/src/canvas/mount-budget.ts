import { createSignal, onCleanup, type Accessor } from "solid-js";

/** Main-thread time per frame for creating elements (their style, layout and paint come on top). */
const budgetMs = 5;
const minBatch = 8;
const maxBatch = 400;

export interface MountBudget {
  /** The ids whose elements are on the page. */
  readonly items: Accessor<readonly string[]>;
  /** Items still waiting to be created or shown. */
  readonly filling: Accessor<boolean>;
  setTarget(target: readonly string[], nearFirst?: (a: string, b: string) => number): void;
  /** Everything waiting, now (a small flow: a few dozen elements fit in a frame). */
  flush(): void;
}

/**
 * The elements actually on the page converge on what culling wants, a batch per animation
 * frame: hundreds of cards created (or shown, painted) in one task freeze the page for a
 * second, the same work spread over frames keeps it moving. Items that leave go at once
 * (cheap); new items come nearest first (`nearFirst` orders them), as many per frame as fit
 * in a few milliseconds of script, measured as they are created.
 * @example const shown = createMountBudget(); shown.setTarget(ids, (a, b) => dist(a) - dist(b));
 */
export function createMountBudget(): MountBudget {
  const [items, setItems] = createSignal<readonly string[]>([]);
  const [filling, setFilling] = createSignal(false);
  let waiting: string[] = [];
  /** Items created per frame: follows the measured cost of creating one, so a slow machine gets smaller batches. */
  let batch = 24;
  let frame = 0;

  function step(): void {
    frame = 0;
    const next = waiting.splice(0, batch);
    const start = performance.now();
    if (next.length) setItems([...items(), ...next]);
    const perItem = (performance.now() - start) / Math.max(1, next.length);
    batch = Math.max(minBatch, Math.min(maxBatch, Math.floor(budgetMs / Math.max(perItem, 0.01))));
    schedule();
  }

  function schedule(): void {
    const pending = waiting.length > 0;
    setFilling(pending);
    if (pending && !frame) frame = requestAnimationFrame(step);
  }

  onCleanup(() => cancelAnimationFrame(frame));
  return {
    items,
    filling,
    setTarget(target, nearFirst) {
      const wanted = new Set(target);
      const current = items();
      const kept = current.filter((id) => wanted.has(id));
      const shown = new Set(kept);
      waiting = target.filter((id) => !shown.has(id));
      if (nearFirst) waiting.sort(nearFirst);
      if (kept.length !== current.length) setItems(kept);
      schedule();
    },
    flush() {
      cancelAnimationFrame(frame);
      frame = 0;
      if (waiting.length) setItems([...items(), ...waiting.splice(0)]);
      schedule();
    },
  };
}
