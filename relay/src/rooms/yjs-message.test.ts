import * as Y from "yjs";
import { describe, expect, it } from "vitest";
import { awarenessFrame, nodeUpdateFrame, rawAwarenessFrame, rawUpdateFrame, syncStep1Frame, syncStep2Frame } from "../../test-support/yjs-frames.ts";
import { readYjsMessage, writeAwarenessFrame } from "./yjs-message.ts";

function docWithNode(): Y.Doc {
  const doc = new Y.Doc();
  const node = new Y.Map<unknown>();
  node.set("type", "noop");
  doc.getMap("nodes").set("n1", node);
  return doc;
}

describe("readYjsMessage: what y-partykit clients send", () => {
  it("reads sync step 1", () => {
    expect(readYjsMessage(syncStep1Frame(docWithNode()))).toEqual({ kind: "sync-step1" });
  });

  it("reads sync step 2 and tells an empty one (a fresh viewer's) from one with content", () => {
    expect(readYjsMessage(syncStep2Frame(new Y.Doc()))).toMatchObject({ kind: "sync-step2", empty: true });
    const doc = docWithNode();
    expect(readYjsMessage(syncStep2Frame(doc))).toEqual({ kind: "sync-step2", empty: false, update: Y.encodeStateAsUpdate(doc) });
  });

  it("reads an update, an awareness update and an awareness query", () => {
    expect(readYjsMessage(nodeUpdateFrame("n1", "Fetch"))).toEqual({ kind: "update", update: expect.any(Uint8Array) });
    expect(readYjsMessage(awarenessFrame({ user: { name: "Ada" } }))).toEqual({ kind: "awareness", entries: [{ clientId: expect.any(Number), clock: 1, state: '{"user":{"name":"Ada"}}' }] });
    expect(readYjsMessage(new Uint8Array([3]))).toEqual({ kind: "query-awareness" });
  });

  it("reads an awareness removal (state null)", () => {
    expect(readYjsMessage(rawAwarenessFrame("null"))).toEqual({ kind: "awareness", entries: [{ clientId: 12345, clock: 1, state: "null" }] });
  });

  it("writes back an awareness frame that reads the same", () => {
    const entries = [{ clientId: 7, clock: 3, state: '{"user":{"name":"Ada"}}' }, { clientId: 9, clock: 1, state: "null" }];
    expect(readYjsMessage(writeAwarenessFrame(entries))).toEqual({ kind: "awareness", entries });
  });
});

describe("readYjsMessage: malformed frames, each named", () => {
  const update = nodeUpdateFrame("n1", "Fetch");
  const cases: Array<[string, Uint8Array, RegExp]> = [
    ["an empty frame", new Uint8Array(), /empty binary frame/],
    ["an unknown message type", new Uint8Array([7, 0]), /unknown message type 7/],
    ["the auth type, which only the server sends", new Uint8Array([2, 0]), /unknown message type 2/],
    ["an unknown sync message type", new Uint8Array([0, 5, 0]), /unknown sync message type 5/],
    ["a truncated varint", new Uint8Array([0x80]), /truncated or corrupt/],
    ["an update that is not a Yjs update", rawUpdateFrame(new Uint8Array([1, 1, 5, 0, 31, 0, 0, 0])), /sync update is not a valid Yjs update/],
    ["a truncated update", update.slice(0, update.length - 4), /sync update is not a valid Yjs update.*claims/],
    ["trailing bytes after an update", new Uint8Array([...update, 9, 9]), /update message has 2 trailing bytes/],
    ["a state vector that does not decode", new Uint8Array([0, 0, 2, 5, 1]), /sync step 1 state vector is not a valid/],
    ["an awareness state that is not JSON", rawAwarenessFrame("{not json"), /awareness state 0 is not JSON/],
    ["an awareness payload that is cut short", new Uint8Array([1, 3, 1, 57, 1]), /awareness update does not decode/],
    ["an awareness state that is not UTF-8", rawAwarenessFrame("x").map((b, i, all) => (i === all.length - 1 ? 0xff : b)), /awareness update does not decode/],
  ];
  it.each(cases)("refuses %s", (_name, bytes, reason) => {
    const result = readYjsMessage(bytes);
    expect(result.kind).toBe("malformed");
    expect(result).toHaveProperty("reason", expect.stringMatching(reason));
  });

  it("refuses random bytes after a sync update header, for many seeds", () => {
    let seed = 20261122;
    const next = () => ((seed = (seed * 1103515245 + 12345) >>> 0) >>> 16) & 0xff;
    let refused = 0;
    for (let run = 0; run < 200; run++) {
      const bytes = Uint8Array.from({ length: 24 }, next);
      if (readYjsMessage(rawUpdateFrame(bytes)).kind === "malformed") refused++;
    }
    // Random bytes almost never form a valid update; a few may (e.g. an empty one).
    expect(refused).toBeGreaterThan(190);
  });
});
