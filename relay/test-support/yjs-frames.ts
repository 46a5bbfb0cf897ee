/**
 * Frames a y-partykit client sends, built with y-protocols' own encoders, plus hand-made
 * malformed ones: for the relay's unit tests and the end-to-end suites in `test/relay/`.
 */
import * as encoding from "lib0/encoding";
import * as awarenessProtocol from "y-protocols/awareness";
import * as syncProtocol from "y-protocols/sync";
import * as Y from "yjs";

const messageSync = 0;
const messageAwareness = 1;

function frame(write: (encoder: encoding.Encoder) => void): Uint8Array<ArrayBuffer> {
  const encoder = encoding.createEncoder();
  write(encoder);
  return encoding.toUint8Array(encoder) as Uint8Array<ArrayBuffer>;
}

export function syncStep1Frame(doc: Y.Doc): Uint8Array<ArrayBuffer> {
  return frame((e) => {
    encoding.writeVarUint(e, messageSync);
    syncProtocol.writeSyncStep1(e, doc);
  });
}

/** Sync step 2 answering an empty state vector: the whole of `doc`. */
export function syncStep2Frame(doc: Y.Doc): Uint8Array<ArrayBuffer> {
  return frame((e) => {
    encoding.writeVarUint(e, messageSync);
    syncProtocol.writeSyncStep2(e, doc);
  });
}

export function updateFrame(update: Uint8Array): Uint8Array<ArrayBuffer> {
  return frame((e) => {
    encoding.writeVarUint(e, messageSync);
    syncProtocol.writeUpdate(e, update);
  });
}

/** An update frame that sets `nodes[id] = { label }` in a doc of its own. */
export function nodeUpdateFrame(id: string, label: string): Uint8Array<ArrayBuffer> {
  const doc = new Y.Doc();
  const node = new Y.Map<unknown>();
  node.set("label", label);
  doc.getMap("nodes").set(id, node);
  return updateFrame(Y.encodeStateAsUpdate(doc));
}

export function awarenessFrame(state: Record<string, unknown>): Uint8Array<ArrayBuffer> {
  const doc = new Y.Doc();
  const awareness = new awarenessProtocol.Awareness(doc);
  awareness.setLocalState(state);
  const payload = awarenessProtocol.encodeAwarenessUpdate(awareness, [doc.clientID]);
  awareness.destroy();
  return frame((e) => {
    encoding.writeVarUint(e, messageAwareness);
    encoding.writeVarUint8Array(e, payload);
  });
}

/** An awareness frame speaking for `clientId` at `clock`: its state, or its removal (`null`). */
export function presenceFrame(entries: ReadonlyArray<{ clientId: number; clock: number; state: Record<string, unknown> | null }>): Uint8Array<ArrayBuffer> {
  const payload = frame((e) => {
    encoding.writeVarUint(e, entries.length);
    for (const { clientId, clock, state } of entries) {
      encoding.writeVarUint(e, clientId);
      encoding.writeVarUint(e, clock);
      encoding.writeVarString(e, JSON.stringify(state));
    }
  });
  return frame((e) => {
    encoding.writeVarUint(e, messageAwareness);
    encoding.writeVarUint8Array(e, payload);
  });
}

/** An awareness frame whose single state is `json`, as given (valid or not). */
export function rawAwarenessFrame(json: string): Uint8Array<ArrayBuffer> {
  const payload = frame((e) => {
    encoding.writeVarUint(e, 1);
    encoding.writeVarUint(e, 12345);
    encoding.writeVarUint(e, 1);
    encoding.writeVarString(e, json);
  });
  return frame((e) => {
    encoding.writeVarUint(e, messageAwareness);
    encoding.writeVarUint8Array(e, payload);
  });
}

/** A sync update frame whose update bytes are `bytes`, as given. */
export function rawUpdateFrame(bytes: Uint8Array): Uint8Array<ArrayBuffer> {
  return updateFrame(bytes);
}

/** The frames y-partykit's client sends for a message over its 1,000,000-byte chunk size. */
export function chunkedFrames(message: Uint8Array, id = "test-batch", chunkSize = 1_000_000): Array<string | Uint8Array<ArrayBuffer>> {
  const count = Math.ceil(message.byteLength / chunkSize);
  const chunks: Array<Uint8Array<ArrayBuffer>> = [];
  for (let i = 0; i < count; i++) chunks.push(message.slice(chunkSize * i, chunkSize * (i + 1)) as Uint8Array<ArrayBuffer>);
  const marker = (type: "start" | "end") => `y-pk-batch#${JSON.stringify({ id, type, size: message.byteLength, count })}`;
  return [marker("start"), ...chunks, marker("end")];
}

/** An update setting `nodes[id].blob` to `bytes` random-ish bytes: a big legitimate message. */
export function bigUpdateFrame(id: string, bytes: number): Uint8Array<ArrayBuffer> {
  const doc = new Y.Doc();
  const node = new Y.Map<unknown>();
  const blob = new Uint8Array(bytes);
  for (let i = 0; i < bytes; i++) blob[i] = (i * 2654435761) >>> 24;
  node.set("blob", blob);
  doc.getMap("nodes").set(id, node);
  return updateFrame(Y.encodeStateAsUpdate(doc));
}
