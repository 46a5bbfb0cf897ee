import { createSignal, For, Show } from "solid-js";
import type { CollabSession } from "./collab-session.ts";
import type { ConnectionState } from "./room-connection.ts";

const stateWords: Record<ConnectionState, string> = {
  connecting: "Connecting…",
  connected: "Connected",
  reconnecting: "Reconnecting…",
  offline: "Offline: edits are kept and sync later",
  refused: "Not connected",
};

/** Toolbar part of a shared flow: connection state, who is here, and your own name. */
export function PresenceBar(props: { collab: CollabSession }) {
  const connection = props.collab.connection;
  const presence = props.collab.presence;
  const [editing, setEditing] = createSignal(false);
  const status = () => connection.refusal() ?? stateWords[connection.state()];
  return (
    <div class="presence-bar">
      <span class="connection" data-state={connection.state()} role="status" aria-label={`Connection: ${status()}`} title={status()}>
        <span class="connection-dot" aria-hidden="true" />
        <span class="connection-text">{connection.state() === "connected" ? "Live" : stateWords[connection.state()]}</span>
      </span>
      <ul class="avatars" aria-label="People here">
        <For each={presence.peers()}>
          {(peer) => (
            <li class="avatar" style={{ "--peer-color": peer.color }} title={`${peer.name}${peer.viewer ? " (viewing)" : ""}`} aria-label={`${peer.name}${peer.viewer ? " (viewing)" : ""}`}>
              {initials(peer.name)}
            </li>
          )}
        </For>
      </ul>
      <Show
        when={editing()}
        fallback={
          <button type="button" class="avatar avatar-me" style={{ "--peer-color": presence.me().color }} aria-label={`Your name: ${presence.me().name}. Change it`} title={`You: ${presence.me().name}`} onClick={() => setEditing(true)}>
            {initials(presence.me().name)}
          </button>
        }
      >
        <input
          class="input presence-name"
          aria-label="Your name"
          value={presence.me().name}
          ref={(element) => queueMicrotask(() => element.select())}
          onKeyDown={(event) => {
            if (event.key === "Enter") event.currentTarget.blur();
            if (event.key === "Escape") setEditing(false);
          }}
          onBlur={(event) => {
            presence.setName(event.currentTarget.value);
            setEditing(false);
          }}
        />
      </Show>
    </div>
  );
}

export function initials(name: string): string {
  const words = name.trim().split(/\s+/).filter(Boolean);
  return ((words[0]?.[0] ?? "?") + (words.length > 1 ? words.at(-1)![0] : "")).toUpperCase();
}
