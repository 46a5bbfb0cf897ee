/**
 * Where the collaboration relay (PartyKit) is. A deployment sets `VITE_RELAY_URL` at build
 * time (`npm start` sets it to its local `partykit dev`); a person can point a browser at
 * another relay with the `nexus.relayUrl` local setting. Without either, the relay is taken
 * to be `partykit dev`'s default port on the app's own host.
 */
const overrideKey = "nexus.relayUrl";

export function relayUrl(): string {
  const configured = localStorage.getItem(overrideKey) ?? (import.meta.env.VITE_RELAY_URL as string | undefined);
  return (configured || `${location.protocol}//${location.hostname}:1999`).replace(/\/+$/, "");
}

/** `host[:port]` as y-partykit's provider wants it, plus the protocol it should use. */
export function relayEndpoint(): { host: string; protocol: "ws" | "wss" } {
  const url = new URL(relayUrl());
  return { host: url.host, protocol: url.protocol === "https:" ? "wss" : "ws" };
}
