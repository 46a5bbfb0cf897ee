/**
 * Reads a binary frame a client sent in the y-partykit (y-websocket) protocol WITHOUT
 * applying it: the relay decides what to do with a message before the room's document sees it.
 * y-partykit and y-protocols log and swallow what they cannot read; this reader names it.
 *
 *   frame   = varUint messageType, payload
 *   sync    = 0, varUint 0 (step 1), varBytes stateVector
 *                | varUint 1 (step 2), varBytes update
 *                | varUint 2 (update), varBytes update
 *   awareness = 1, varBytes [varUint n, n × (varUint clientID, varUint clock, varString json)]
 *   query-awareness = 3 (no payload)
 */
import * as decoding from "lib0/decoding";
import * as encoding from "lib0/encoding";
import * as Y from "yjs";

export type YjsMessage =
  | { readonly kind: "sync-step1" }
  /** `update`: the Yjs update inside (a view of the frame's bytes), for the relay to store. */
  | { readonly kind: "sync-step2"; readonly empty: boolean; readonly update: Uint8Array }
  | { readonly kind: "update"; readonly update: Uint8Array }
  /** `entries`: whose presence the update sets (or removes: state `"null"`), in order. */
  | { readonly kind: "awareness"; readonly entries: readonly AwarenessEntry[] }
  | { readonly kind: "query-awareness" };

export interface AwarenessEntry {
  readonly clientId: number;
  readonly clock: number;
  /** The state as JSON text; `"null"` removes the client's presence. */
  readonly state: string;
}

export type YjsMessageResult = YjsMessage | { readonly kind: "malformed"; readonly reason: string };

const messageSync = 0;
const messageAwareness = 1;
const messageQueryAwareness = 3;
const utf8 = new TextDecoder("utf-8", { fatal: true, ignoreBOM: false });

/**
 * @example
 * const message = readYjsMessage(new Uint8Array(event.data));
 * if (message.kind === "malformed") socket.close(4422, message.reason);
 */
export function readYjsMessage(bytes: Uint8Array): YjsMessageResult {
  if (bytes.length === 0) return malformed("empty binary frame");
  const decoder = decoding.createDecoder(bytes);
  try {
    const type = decoding.readVarUint(decoder);
    const message = readPayload(type, decoder);
    if (message.kind !== "malformed" && decoding.hasContent(decoder)) {
      return malformed(`${message.kind} message has ${bytes.length - decoder.pos} trailing bytes`);
    }
    return message;
  } catch (error) {
    return malformed(`truncated or corrupt message (${describe(error)})`);
  }
}

function readPayload(type: number, decoder: decoding.Decoder): YjsMessageResult {
  switch (type) {
    case messageSync:
      return readSync(decoder);
    case messageAwareness:
      return readAwareness(readVarBytes(decoder, "awareness payload"));
    case messageQueryAwareness:
      return { kind: "query-awareness" };
    default:
      return malformed(`unknown message type ${type}`);
  }
}

function readSync(decoder: decoding.Decoder): YjsMessageResult {
  const step = decoding.readVarUint(decoder);
  switch (step) {
    case 0:
      return guard("sync step 1 state vector is not a valid Yjs state vector", () => {
        Y.decodeStateVector(readVarBytes(decoder, "state vector"));
        return { kind: "sync-step1" };
      });
    case 1:
      return guard("sync step 2 is not a valid Yjs update", () => {
        const bytes = readVarBytes(decoder, "sync step 2");
        const update = Y.decodeUpdate(bytes);
        return { kind: "sync-step2", empty: update.structs.length === 0 && update.ds.clients.size === 0, update: bytes };
      });
    case 2:
      return guard("sync update is not a valid Yjs update", () => {
        const bytes = readVarBytes(decoder, "update");
        Y.decodeUpdate(bytes);
        return { kind: "update", update: bytes };
      });
    default:
      return malformed(`unknown sync message type ${step}`);
  }
}

function readAwareness(payload: Uint8Array): YjsMessageResult {
  const decoder = decoding.createDecoder(payload);
  return guard("awareness update does not decode", () => {
    const count = decoding.readVarUint(decoder);
    const entries: AwarenessEntry[] = [];
    for (let i = 0; i < count; i++) {
      const clientId = decoding.readVarUint(decoder);
      const clock = decoding.readVarUint(decoder);
      const state = utf8.decode(readVarBytes(decoder, "awareness state"));
      entries.push({ clientId, clock, state });
      try {
        JSON.parse(state);
      } catch {
        return malformed(`awareness state ${i} is not JSON`);
      }
    }
    if (decoding.hasContent(decoder)) return malformed("awareness update has trailing bytes");
    return { kind: "awareness", entries };
  });
}

/**
 * An awareness frame holding only `entries` (the relay's copy of a frame with some entries
 * left out): the inverse of `readYjsMessage` for awareness.
 * @example
 * writeAwarenessFrame([{ clientId: 7, clock: 3, state: '{"user":{"name":"Ada"}}' }])
 */
export function writeAwarenessFrame(entries: readonly AwarenessEntry[]): Uint8Array<ArrayBuffer> {
  const payload = encoding.createEncoder();
  encoding.writeVarUint(payload, entries.length);
  for (const { clientId, clock, state } of entries) {
    encoding.writeVarUint(payload, clientId);
    encoding.writeVarUint(payload, clock);
    encoding.writeVarString(payload, state);
  }
  const frame = encoding.createEncoder();
  encoding.writeVarUint(frame, messageAwareness);
  encoding.writeVarUint8Array(frame, encoding.toUint8Array(payload));
  return encoding.toUint8Array(frame) as Uint8Array<ArrayBuffer>;
}

/** lib0's `readVarUint8Array` does not check the length against the buffer: this does. */
function readVarBytes(decoder: decoding.Decoder, what: string): Uint8Array {
  const length = decoding.readVarUint(decoder);
  if (length > decoder.arr.length - decoder.pos) {
    throw new Error(`${what} claims ${length} bytes, ${decoder.arr.length - decoder.pos} left`);
  }
  return decoding.readUint8Array(decoder, length);
}

function guard(what: string, read: () => YjsMessageResult): YjsMessageResult {
  try {
    return read();
  } catch (error) {
    return malformed(`${what} (${describe(error)})`);
  }
}

function malformed(reason: string): YjsMessageResult {
  return { kind: "malformed", reason };
}

function describe(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
