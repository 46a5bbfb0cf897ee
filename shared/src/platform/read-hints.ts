/**
 * What each source reads from `ctx`, as far as the pool knows: what the source visibly names
 * (scanNodeReads), plus what its calls turned out to read beyond that. Calls carry these
 * values to the worker, so most calls need no second trip (see code-call.ts).
 */
import { scanNodeReads, type CodeOutcome, type NodeReads } from "../sandbox/code-call.ts";

const MAX_SOURCES = 1024;
/** A source that reads ever new ids (`ctx.nodes[input.key]`) stops being learned from here on. */
const MAX_IDS = 64;

export function createReadHints() {
  const hints = new Map<string, NodeReads>();
  const of = (source: string): NodeReads => {
    let reads = hints.get(source);
    if (!reads) {
      if (hints.size >= MAX_SOURCES) hints.clear();
      reads = scanNodeReads(source);
      hints.set(source, reads);
    }
    return reads;
  };
  return {
    of,
    learn(source: string, outcome: Extract<CodeOutcome, { needs: readonly string[] }>): void {
      const known = of(source);
      const ids = [...known.ids, ...outcome.needs.filter((id) => !known.ids.includes(id))].slice(0, MAX_IDS);
      hints.set(source, { ids, runInput: known.runInput || outcome.needsRunInput });
    },
  };
}
