/**
 * Clients of the collaboration relay for tests and benchmarks: create a room over HTTP,
 * join it as a Yjs client (y-partykit's provider, as the app does) or as a raw WebSocket
 * that sends hand-made frames.
 */
import { randomBytes } from "node:crypto";
import WebSocket from "ws";
import YPartyKitProvider from "y-partykit/provider";
import * as Y from "yjs";
import { roomParty } from "@nexus-flow/shared/collab";
import { waitFor } from "./wait-for.ts";

export interface RoomKeys {
  readonly roomId: string;
  readonly editKey: string;
  readonly viewKey: string;
}

/** 32 random bytes, base64url: how the app makes keys. */
export function randomKey(): string {
  return randomBytes(32).toString("base64url");
}

export function randomRoomId(): string {
  return randomBytes(16).toString("base64url");
}

export function newRoomKeys(): RoomKeys {
  return { roomId: randomRoomId(), editKey: randomKey(), viewKey: randomKey() };
}

/** POSTs `body` (an object is sent as JSON) to the room URL; returns status, headers and parsed body. */
export async function postRoom(relayUrl: string, roomId: string, body: unknown, method = "POST") {
  const response = await fetch(`${relayUrl}/parties/${roomParty}/${roomId}`, {
    method,
    headers: { "Content-Type": "application/json" },
    body: method === "GET" || method === "HEAD" ? undefined : typeof body === "string" ? body : JSON.stringify(body),
  });
  const text = await response.text();
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    json = text;
  }
  return { status: response.status, headers: response.headers, body: json as Record<string, unknown> };
}

/** Creates a room with fresh random keys; throws unless the relay answers 201. */
export async function createRoom(relayUrl: string, keys: RoomKeys = newRoomKeys()): Promise<RoomKeys> {
  const { status, body } = await postRoom(relayUrl, keys.roomId, { editKey: keys.editKey, viewKey: keys.viewKey });
  if (status !== 201) throw new Error(`creating room ${keys.roomId}: ${status} ${JSON.stringify(body)}`);
  return keys;
}

export interface RoomClient {
  readonly doc: Y.Doc;
  readonly provider: YPartyKitProvider;
  /** Resolves once the provider has synced with the relay (now or after a reconnect). */
  synced(timeoutMs?: number): Promise<void>;
  destroy(): void;
}

/**
 * A Node Yjs client, configured as ENVIRONMENT.md says: `ws` as the WebSocket, and no
 * BroadcastChannel (two providers in one process would otherwise sync around the relay).
 * @example
 * const alice = connectClient(relay.host, room.roomId, room.editKey);
 * await alice.synced();
 */
export function connectClient(host: string, roomId: string, key: string, { doc = new Y.Doc(), connect = true, params = {} as Record<string, string> | undefined } = {}): RoomClient {
  const provider = new YPartyKitProvider(host, roomId, doc, {
    party: roomParty,
    params: { ...params, key },
    WebSocketPolyfill: WebSocket as unknown as typeof globalThis.WebSocket,
    disableBc: true,
    connect,
  });
  return {
    doc,
    provider,
    synced: (timeoutMs = 10_000) => waitFor(`${roomId} to sync`, () => provider.synced, { timeoutMs }).then(() => undefined),
    destroy() {
      provider.destroy();
      doc.destroy();
    },
  };
}

export interface RawSocket {
  readonly ws: WebSocket;
  /** Text frames received, in order. */
  readonly texts: string[];
  readonly binaries: Uint8Array[];
  readonly opened: Promise<void>;
  readonly closed: Promise<{ code: number; reason: string }>;
  send(frame: string | Uint8Array): void;
}

/**
 * A bare WebSocket on a room (no Yjs client behind it): sends exactly what a test gives it.
 * `clientKey`: the `_pk` y-partykit's provider sends, which the room uses as the connection id.
 */
export function openRawSocket(relayUrl: string, roomId: string, key: string | undefined, clientKey?: string): RawSocket {
  const params = new URLSearchParams();
  if (key !== undefined) params.set("key", key);
  if (clientKey !== undefined) params.set("_pk", clientKey);
  const query = params.size ? `?${params}` : "";
  const ws = new WebSocket(`${relayUrl.replace(/^http/, "ws")}/parties/${roomParty}/${roomId}${query}`);
  ws.binaryType = "nodebuffer";
  const texts: string[] = [];
  const binaries: Uint8Array[] = [];
  ws.on("message", (data: Buffer, isBinary: boolean) => (isBinary ? binaries.push(new Uint8Array(data)) : texts.push(data.toString("utf8"))));
  const opened = new Promise<void>((resolve, reject) => {
    ws.once("open", () => resolve());
    ws.once("error", reject);
  });
  const closed = new Promise<{ code: number; reason: string }>((resolve) => ws.once("close", (code, reason) => resolve({ code, reason: reason.toString("utf8") })));
  opened.catch(() => undefined);
  return { ws, texts, binaries, opened, closed, send: (frame) => ws.send(frame) };
}

/** The nodes map of a doc as plain JSON, for comparisons. */
export function nodesJson(doc: Y.Doc): Record<string, unknown> {
  return doc.getMap("nodes").toJSON();
}
