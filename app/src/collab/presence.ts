import { createMemo, createSignal, type Accessor } from "solid-js";
import type { Awareness } from "y-protocols/awareness";

/** A point in flow coordinates (what the canvas's nodes are positioned in). */
export interface FlowPoint {
  readonly x: number;
  readonly y: number;
}

export interface Peer {
  readonly clientId: number;
  readonly name: string;
  readonly color: string;
  readonly viewer: boolean;
  readonly cursor?: FlowPoint;
  readonly selection: readonly string[];
}

/** Who is here, and where they point: Yjs awareness, validated (it comes from other browsers). */
export interface Presence {
  readonly me: Accessor<{ name: string; color: string }>;
  readonly peers: Accessor<readonly Peer[]>;
  /** Node id → the collaborator who has it selected. Changes only when selections do (not on cursor moves). */
  readonly selectedBy: Accessor<ReadonlyMap<string, Peer>>;
  setName(name: string): void;
  setCursor(point: FlowPoint | undefined): void;
  setSelection(ids: readonly string[]): void;
  dispose(): void;
}

const nameKey = "nexus.presence.name";
const colorKey = "nexus.presence.color";
export const presenceColors = ["#e5484d", "#f76b15", "#ffc53d", "#46a758", "#12a594", "#0090ff", "#8e4ec6", "#d6409f"];
/** Cursor moves sent at most this often: the relay allows 100 messages/s per connection. */
const cursorEveryMs = 50;

export function rememberedName(): string {
  return localStorage.getItem(nameKey) || `Guest ${Math.floor(100 + Math.random() * 900)}`;
}

function rememberedColor(): string {
  const stored = localStorage.getItem(colorKey);
  if (stored && presenceColors.includes(stored)) return stored;
  const color = presenceColors[Math.floor(Math.random() * presenceColors.length)]!;
  localStorage.setItem(colorKey, color);
  return color;
}

export function createPresence(awareness: Awareness, viewer: boolean): Presence {
  const [me, setMe] = createSignal({ name: rememberedName(), color: rememberedColor() });
  const [peers, setPeers] = createSignal<readonly Peer[]>([]);
  awareness.setLocalState({ user: { ...me(), viewer }, cursor: null, selection: [] });

  const refresh = () => {
    const list: Peer[] = [];
    awareness.getStates().forEach((state, clientId) => {
      if (clientId === awareness.clientID) return;
      const peer = peerOf(clientId, state);
      if (peer) list.push(peer);
    });
    setPeers(list.sort((a, b) => a.name.localeCompare(b.name) || a.clientId - b.clientId));
  };
  awareness.on("change", refresh);
  refresh();

  const selectedBy = createMemo(
    () => {
      const map = new Map<string, Peer>();
      for (const peer of peers()) for (const id of peer.selection) if (!map.has(id)) map.set(id, peer);
      return map as ReadonlyMap<string, Peer>;
    },
    new Map(),
    { equals: (a, b) => a.size === b.size && [...a].every(([id, peer]) => b.get(id)?.clientId === peer.clientId && b.get(id)?.color === peer.color) },
  );

  let cursorTimer: ReturnType<typeof setTimeout> | undefined;
  let pendingCursor: FlowPoint | null | undefined;
  return {
    me,
    peers,
    selectedBy,
    setName(name) {
      const trimmed = name.trim().slice(0, 40);
      if (!trimmed) return;
      localStorage.setItem(nameKey, trimmed);
      setMe({ ...me(), name: trimmed });
      awareness.setLocalStateField("user", { ...me(), viewer });
    },
    setCursor(point) {
      pendingCursor = point ? { x: Math.round(point.x), y: Math.round(point.y) } : null;
      cursorTimer ??= setTimeout(() => {
        cursorTimer = undefined;
        awareness.setLocalStateField("cursor", pendingCursor ?? null);
      }, cursorEveryMs);
    },
    setSelection(ids) {
      awareness.setLocalStateField("selection", ids.slice(0, 500));
    },
    dispose() {
      clearTimeout(cursorTimer);
      awareness.off("change", refresh);
      awareness.setLocalState(null);
    },
  };
}

/** A peer from its awareness state, or nothing if the state is not one the app wrote. */
function peerOf(clientId: number, state: Record<string, unknown>): Peer | undefined {
  const user = state.user as { name?: unknown; color?: unknown; viewer?: unknown } | undefined;
  if (!user || typeof user.name !== "string" || typeof user.color !== "string" || !/^#[0-9a-f]{6}$/i.test(user.color)) return undefined;
  const cursor = state.cursor as { x?: unknown; y?: unknown } | null | undefined;
  const validCursor = cursor && Number.isFinite(cursor.x) && Number.isFinite(cursor.y) ? { x: cursor.x as number, y: cursor.y as number } : undefined;
  const selection = Array.isArray(state.selection) ? state.selection.filter((id): id is string => typeof id === "string").slice(0, 500) : [];
  return { clientId, name: user.name.slice(0, 40), color: user.color, viewer: user.viewer === true, selection, ...(validCursor ? { cursor: validCursor } : {}) };
}
