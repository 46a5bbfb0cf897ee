import { createSignal, type Accessor } from "solid-js";
import type * as Y from "yjs";
import YPartyKitProvider from "y-partykit/provider";
import { closeCodes, roomParty, type RoomNotice, type RunBroadcast } from "@nexus-flow/shared/collab";
import { relayEndpoint } from "./relay-config.ts";
import { keyOf, type RoomMembership } from "./room-link.ts";
import { parseNotice } from "./notices.ts";
import { announceAgain, forgetAbsentPeers } from "./presence-reconnect.ts";

export type ConnectionState = "connecting" | "connected" | "reconnecting" | "offline" | "refused";

/** A flow's live link to its room: the doc syncs both ways; presence and run status ride along. */
export interface RoomConnection {
  readonly room: RoomMembership;
  readonly state: Accessor<ConnectionState>;
  /** Why the relay refused this browser (wrong or revoked key, unknown room). */
  readonly refusal: Accessor<string | undefined>;
  readonly awareness: YPartyKitProvider["awareness"];
  /** Sends this tab's run status to the room (dropped while disconnected: it is live status, not history). */
  sendRun(run: RunBroadcast): void;
  onRun(listener: (run: RunBroadcast) => void): () => void;
  onNotice(listener: (message: string) => void): () => void;
  dispose(): void;
}

/** The relay's refusal in a person's words (its own reason is for developers). */
function refusalWords(code: number, reason: string): string {
  const detail = reason ? ` (relay: ${reason})` : "";
  if (code === closeCodes.unknownRoom) return `This shared flow is not on the relay: it was created on another relay, or removed${detail}.`;
  if (code === closeCodes.wrongKey) return `The key in this share link is not valid for the flow: ask for the link again${detail}.`;
  return `The relay refused this share link${detail}.`;
}

/** Close codes after which retrying with the same key cannot help. */
const final = new Set<number>([closeCodes.wrongKey, closeCodes.unknownRoom, closeCodes.badRequest]);

export function connectRoom(doc: Y.Doc, room: RoomMembership): RoomConnection {
  const { host, protocol } = relayEndpoint();
  const provider = new YPartyKitProvider(host, room.roomId, doc, { party: roomParty, protocol, params: { key: keyOf(room) } });
  const [state, setState] = createSignal<ConnectionState>(navigator.onLine ? "connecting" : "offline");
  const [refusal, setRefusal] = createSignal<string>();
  const runListeners = new Set<(run: RunBroadcast) => void>();
  const noticeListeners = new Set<(message: string) => void>();
  let everConnected = false;

  const disconnectedState = (): ConnectionState => (refusal() ? "refused" : navigator.onLine ? (everConnected ? "reconnecting" : "connecting") : "offline");
  provider.on("status", ({ status }: { status: string }) => {
    if (status === "connected") {
      everConnected = true;
      setState("connected");
      listenForText(provider.ws);
      announceAgain(provider.awareness);
    } else {
      if (status === "disconnected") forgetAbsentPeers(provider.awareness);
      setState(disconnectedState());
    }
  });
  provider.on("connection-close", (event: CloseEvent | null) => {
    if (event && final.has(event.code)) {
      setRefusal(refusalWords(event.code, event.reason));
      provider.disconnect(); // the same key would be refused again
    }
    setState(disconnectedState());
  });
  // Going offline drops the socket at once (rather than after y-websocket's 30 s silence
  // timeout); edits go on locally and sync when the network is back.
  const onNetwork = () => {
    if (!navigator.onLine) provider.disconnect();
    else if (!refusal()) provider.connect();
    setState(disconnectedState());
  };
  window.addEventListener("online", onNetwork);
  window.addEventListener("offline", onNetwork);

  const listening = new WeakSet<WebSocket>();
  function listenForText(ws: WebSocket | null): void {
    if (!ws || listening.has(ws)) return;
    listening.add(ws);
    ws.addEventListener("message", (event) => {
      if (typeof event.data !== "string" || event.data.startsWith("y-pk-batch")) return;
      const notice: RoomNotice | undefined = parseNotice(event.data);
      if (notice?.type === "run") for (const listener of runListeners) listener(notice);
      else if (notice?.type === "notice") for (const listener of noticeListeners) listener(notice.message);
    });
  }

  const subscribe = <T,>(set: Set<T>, listener: T) => (set.add(listener), () => void set.delete(listener));
  return {
    room,
    state,
    refusal,
    awareness: provider.awareness,
    sendRun(run) {
      if (room.role === "edit" && provider.ws?.readyState === WebSocket.OPEN) provider.ws.send(JSON.stringify(run));
    },
    onRun: (listener) => subscribe(runListeners, listener),
    onNotice: (listener) => subscribe(noticeListeners, listener),
    dispose() {
      window.removeEventListener("online", onNetwork);
      window.removeEventListener("offline", onNetwork);
      provider.destroy();
    },
  };
}
