import { For, Show, type Accessor } from "solid-js";
import type { Peer } from "../collab/presence.ts";

/**
 * Collaborators' pointers, drawn in screen space over the canvas (so they keep their size at
 * any zoom) from the flow coordinates they share.
 */
export function PeerCursors(props: { peers: Accessor<readonly Peer[]>; transform: Accessor<readonly [number, number, number]> }) {
  const withCursor = () => props.peers().filter((peer) => peer.cursor);
  return (
    <div class="peer-cursors" aria-hidden="true">
      <For each={withCursor()}>
        {(peer) => {
          const at = () => {
            const [x, y, zoom] = props.transform();
            return `translate(${peer.cursor!.x * zoom + x}px, ${peer.cursor!.y * zoom + y}px)`;
          };
          return (
            <Show when={peer.cursor}>
              <div class="peer-cursor" data-peer={peer.name} style={{ transform: at(), "--peer-color": peer.color }}>
                <svg width="16" height="20" viewBox="0 0 16 20">
                  <path d="M1 1 L1 16 L5 12 L8 19 L11 18 L8 11 L14 11 Z" fill="currentColor" stroke="#fff" stroke-width="1.2" stroke-linejoin="round" />
                </svg>
                <span class="peer-cursor-name">{peer.name}</span>
              </div>
            </Show>
          );
        }}
      </For>
    </div>
  );
}
