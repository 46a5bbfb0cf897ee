import { describe, expect, it } from "vitest";
import * as Y from "yjs";
import { WriteAhead } from "./write-ahead.ts";

function update(key: string): Uint8Array {
  const doc = new Y.Doc();
  doc.getMap("m").set(key, 1);
  return Y.encodeStateAsUpdate(doc);
}

/** A log whose writes finish when the test says so. */
function slowLog() {
  const writes: Uint8Array[][] = [];
  const finish: Array<() => void> = [];
  return {
    writes,
    land: () => finish.shift()?.(),
    append(...written: Uint8Array[]) {
      writes.push(written);
      return new Promise<void>((resolve) => finish.push(resolve));
    },
  };
}

/** The keys one write stored (its rows together). */
const keysOf = (written: Uint8Array[]) => {
  const doc = new Y.Doc();
  for (const update of written) Y.applyUpdate(doc, update);
  return [...doc.getMap("m").keys()].sort();
};

describe("write-ahead: every update stored before it goes on, many per write under load", () => {
  it("starts the write of an update at once when none is in flight", () => {
    const log = slowLog();
    const handed: string[] = [];
    expect(new WriteAhead(log).submit(update("a"), () => handed.push("a"))).toBe(true);
    expect(log.writes.map(keysOf)).toEqual([["a"]]);
    expect(handed).toEqual([]); // the caller hands it on itself
  });

  it("holds updates while a write is in flight, then stores them in one write before handing them on in order", async () => {
    const log = slowLog();
    const ahead = new WriteAhead(log);
    const handed: string[] = [];
    ahead.submit(update("a"), () => handed.push("a"));
    expect(ahead.submit(update("b"), () => handed.push(`b after ${log.writes.length} writes`))).toBe(false);
    expect(ahead.submit(update("c"), () => handed.push("c"))).toBe(false);
    expect(handed).toEqual([]);
    log.land();
    await new Promise((resolve) => setTimeout(resolve, 0));
    expect(log.writes.map(keysOf)).toEqual([["a"], ["b", "c"]]);
    expect(log.writes.map((rows) => rows.length)).toEqual([1, 2]); // a row each, not merged
    expect(handed).toEqual(["b after 2 writes", "c"]);
    log.land();
    await new Promise((resolve) => setTimeout(resolve, 0));
    expect(ahead.submit(update("d"), () => undefined)).toBe(true);
  });
});
