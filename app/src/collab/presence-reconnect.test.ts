import { describe, expect, it } from "vitest";
import { applyAwarenessUpdate, Awareness, encodeAwarenessUpdate, removeAwarenessStates } from "y-protocols/awareness";
import * as Y from "yjs";
import { announceAgain, forgetAbsentPeers } from "./presence-reconnect.ts";

function peer(name: string): Awareness {
  const awareness = new Awareness(new Y.Doc());
  awareness.setLocalState({ user: { name } });
  return awareness;
}

const send = (from: Awareness, to: Awareness) => applyAwarenessUpdate(to, encodeAwarenessUpdate(from, [from.clientID]), "test");

describe("presence across a reconnect", () => {
  it("takes a peer's unchanged state again once the peer's clock is forgotten", () => {
    const [bob, alice] = [peer("Bob"), peer("Alice")];
    send(alice, bob);
    removeAwarenessStates(bob, [alice.clientID], "socket closed"); // what the provider does on a drop
    send(alice, bob);
    expect(bob.getStates().has(alice.clientID)).toBe(false); // the same clock: ignored
    forgetAbsentPeers(bob);
    send(alice, bob);
    expect(bob.getStates().get(alice.clientID)).toEqual({ user: { name: "Alice" } });
  });

  it("announces our state with a new clock, which a peer that removed us accepts", () => {
    const [bob, alice] = [peer("Bob"), peer("Alice")];
    send(bob, alice);
    removeAwarenessStates(alice, [bob.clientID], "the relay said Bob left");
    announceAgain(bob);
    send(bob, alice);
    expect(alice.getStates().get(bob.clientID)).toEqual({ user: { name: "Bob" } });
  });
});
