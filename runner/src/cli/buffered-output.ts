/**
 * Coalesces many small writes (a progress line per engine step) into few large ones: a
 * 10,000-node run makes thousands of steps, and a write per step to a pipe costs more
 * than the steps. Text goes out once the current burst of synchronous work yields, when
 * 64 KB have piled up, or on `flush()`.
 * @example const err = bufferedOutput(io.stderr); err.write("a\n"); err.flush();
 */
export function bufferedOutput(write: (text: string) => void, limit = 64 * 1024) {
  let pending = "";
  let scheduled = false;

  function flush(): void {
    if (!pending) return;
    const text = pending;
    pending = "";
    write(text);
  }

  return {
    write(text: string): void {
      pending += text;
      if (pending.length >= limit) return flush();
      if (scheduled) return;
      scheduled = true;
      setImmediate(() => {
        scheduled = false;
        flush();
      });
    },
    flush,
  };
}
