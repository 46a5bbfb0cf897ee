/**
 * Presence across a reconnect. y-protocols' awareness ignores a state whose clock is not newer
 * than the last one it saw from that client, even after that client's presence was removed.
 * After a network blip the relay and the peers still hold our last clock, and we hold theirs,
 * so neither side would show the other again until the next 15-second heartbeat. So: when
 * the socket drops (the provider has just removed the peers' states), forget their clocks
 * too; when it opens again, announce our own state anew, with a new clock.
 */
import type { Awareness } from "y-protocols/awareness";

/** Forgets the clocks of peers whose presence is gone, so their states are taken again. */
export function forgetAbsentPeers(awareness: Awareness): void {
  for (const clientId of [...awareness.meta.keys()]) {
    if (clientId !== awareness.clientID && !awareness.states.has(clientId)) awareness.meta.delete(clientId);
  }
}

/** Sends our presence again with a new clock, which the relay and every peer accept. */
export function announceAgain(awareness: Awareness): void {
  const state = awareness.getLocalState();
  if (state !== null) awareness.setLocalState(state);
}
