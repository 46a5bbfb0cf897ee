import { describe, expect, it } from "vitest";
import * as Y from "yjs";
import { EncodedDoc } from "./encoded-doc.ts";

/** Applies `update` to a fresh Y.Doc and returns its map `m` as sorted entries. */
function entries(update: Uint8Array): Array<[string, unknown]> {
  const doc = new Y.Doc();
  Y.applyUpdate(doc, update);
  return Object.entries(doc.getMap("m").toJSON()).sort(([a], [b]) => (a < b ? -1 : 1));
}

describe("a document held as encoded updates", () => {
  it("holds what a Y.Doc fed the same updates holds, and stays under twice its state", () => {
    const source = new Y.Doc();
    const held = new EncodedDoc();
    source.on("update", (update: Uint8Array) => held.add(update));
    for (let i = 0; i < 2_000; i++) source.getMap("m").set(`k${i % 50}`, "x".repeat(i % 7) + i);
    const state = Y.encodeStateAsUpdate(source);
    expect(entries(held.current())).toEqual(entries(state));
    expect(held.bytes).toBeLessThan(2 * state.byteLength + 64 * 1024);
    expect(held.stateVector()).toEqual(Y.encodeStateVector(source));
  });

  it("merges many clients' updates in levels (past 64 × 64), and holds all of them", () => {
    const clients = Array.from({ length: 5 }, () => new Y.Doc());
    const everyone = new Y.Doc();
    const held = new EncodedDoc();
    for (let i = 0; i < 4_500; i++) {
      const client = clients[i % clients.length]!;
      const before = Y.encodeStateVector(client);
      client.getMap("m").set(`c${i % clients.length}-${i}`, i);
      const update = Y.encodeStateAsUpdate(client, before);
      held.add(update);
      Y.applyUpdate(everyone, update);
    }
    expect(entries(held.current())).toEqual(entries(Y.encodeStateAsUpdate(everyone)));
    expect(held.stateVector()).toEqual(Y.encodeStateVector(everyone));
  });

  it("answers a client with what it lacks, and names only what is new in a client's state", () => {
    const alice = new Y.Doc();
    alice.getMap("m").set("a", 1);
    const held = new EncodedDoc([Y.encodeStateAsUpdate(alice)]);
    const bob = new Y.Doc();
    Y.applyUpdate(bob, held.missing(Y.encodeStateVector(bob)));
    expect(bob.getMap("m").get("a")).toBe(1);
    // Bob's whole state again: nothing new. After an edit of his: only that edit.
    expect(held.news(Y.encodeStateAsUpdate(bob))).toBeUndefined();
    bob.getMap("m").set("b", 2);
    const news = held.news(Y.encodeStateAsUpdate(bob));
    expect(news && entries(news)).toEqual([["b", 2]]);
  });

  it("loads a room from its stored updates in any order", () => {
    const doc = new Y.Doc();
    const updates: Uint8Array[] = [];
    doc.on("update", (update: Uint8Array) => updates.push(update));
    for (let i = 0; i < 10; i++) doc.getMap("m").set(`k${i}`, i);
    expect(entries(new EncodedDoc(updates.reverse()).current())).toEqual(entries(Y.encodeStateAsUpdate(doc)));
  });
});
