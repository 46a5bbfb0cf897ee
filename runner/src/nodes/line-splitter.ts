/**
 * Cuts a byte stream into lines as they come, so a process's output reaches the run log line
 * by line while it runs. A line longer than `maxLine` characters is cut there.
 */
export function lineSplitter(onLine: (text: string) => void, maxLine = 16_000): { write(chunk: Buffer): void; end(): void } {
  let pending = "";
  const flush = (text: string) => {
    for (let at = 0; at < text.length || at === 0; at += maxLine) {
      onLine(text.slice(at, at + maxLine));
      if (text.length === 0) break;
    }
  };
  return {
    write(chunk) {
      pending += chunk.toString("utf8");
      let newline = pending.indexOf("\n");
      while (newline !== -1) {
        flush(pending.slice(0, newline).replace(/\r$/, ""));
        pending = pending.slice(newline + 1);
        newline = pending.indexOf("\n");
      }
      if (pending.length > maxLine) {
        flush(pending.slice(0, maxLine));
        pending = pending.slice(maxLine);
      }
    },
    end() {
      if (pending) flush(pending);
      pending = "";
    },
  };
}
