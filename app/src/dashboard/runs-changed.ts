/**
 * The hub's "runs changed" socket (`/api/stats/live`), for the Dashboard: a tiny frame when a
 * run starts or ends (coalesced by the hub to one per 250 ms). Reconnects with backoff and
 * jitter; `live()` says whether pushes arrive, so the caller polls quickly only without them.
 */
import { createSignal, onCleanup, type Accessor } from "solid-js";
import type { TeamConnection } from "../team/team-connection.ts";

const firstRetryMs = 1_000;
const maxRetryMs = 30_000;

export function liveStatsUrl(team: TeamConnection): string {
  const url = new URL("/api/stats/live", team.relayUrl);
  url.protocol = url.protocol === "https:" ? "wss:" : "ws:";
  url.searchParams.set("token", team.token);
  return url.toString();
}

/**
 * Calls `onChange` on each push until the calling component is cleaned up.
 * @example const live = watchRunsChanged(team, () => void poll());
 */
export function watchRunsChanged(team: TeamConnection, onChange: () => void): Accessor<boolean> {
  const [live, setLive] = createSignal(false);
  let socket: WebSocket | undefined;
  let retryMs = firstRetryMs;
  let retry: ReturnType<typeof setTimeout> | undefined;
  let disposed = false;
  const connect = () => {
    socket = new WebSocket(liveStatsUrl(team));
    socket.onopen = () => ((retryMs = firstRetryMs), setLive(true), onChange()); // catch up on what changed while away
    socket.onmessage = () => onChange();
    socket.onclose = () => {
      setLive(false);
      if (disposed) return;
      retry = setTimeout(connect, retryMs * (0.5 + Math.random() / 2));
      retryMs = Math.min(maxRetryMs, retryMs * 2);
    };
  };
  connect();
  onCleanup(() => {
    disposed = true;
    clearTimeout(retry);
    if (socket) (socket.onclose = null), socket.close();
  });
  return live;
}
