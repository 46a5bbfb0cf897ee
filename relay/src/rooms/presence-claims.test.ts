import { describe, expect, it } from "vitest";
import { maxClaimsPerConnection, PresenceRegistry, reserveMs } from "./presence-claims.ts";

const state = (clientId: number) => ({ clientId, removal: false });
const removal = (clientId: number) => ({ clientId, removal: true });

function registry() {
  const clock = { now: 1_000 };
  return { room: new PresenceRegistry(() => clock.now), clock };
}

describe("presence claims", () => {
  it("an id belongs to the connection that first sends a state for it; others' entries are left out", () => {
    const { room } = registry();
    const ada = room.forConnection("ada-provider");
    const eve = room.forConnection("eve-provider");
    expect(ada.admit([state(101)])).toEqual([true]);
    expect(eve.admit([state(101), removal(101)])).toEqual([false, false]);
    expect(eve.admit([state(202), state(101)])).toEqual([true, false]);
    expect(ada.admit([state(202)])).toEqual([false]);
    expect(ada.admit([removal(101)])).toEqual([true]);
  });

  it("a removal or an echo of a removal claims nothing", () => {
    const { room } = registry();
    const alice = room.forConnection("alice-provider");
    expect(alice.admit([removal(7)])).toEqual([false]);
    expect(room.forConnection("bob-provider").admit([state(7)])).toEqual([true]);
  });

  it("after its connection closes, an id stays reserved for the same client: a late echo cannot take it", () => {
    const { room, clock } = registry();
    const bob = room.forConnection("bob-provider");
    const alice = room.forConnection("alice-provider");
    expect(bob.admit([state(5)])).toEqual([true]);
    bob.release();
    expect(alice.admit([state(5)])).toEqual([false]); // Alice's provider repeating Bob's last state
    expect(room.forConnection("viewer").admit([state(5)])).toEqual([false]);
    const bobAgain = room.forConnection("bob-provider");
    expect(bobAgain.admit([state(5)])).toEqual([true]);
    expect(alice.admit([removal(5)])).toEqual([false]);
    bobAgain.release();
    clock.now += reserveMs + 1;
    expect(alice.admit([state(5)])).toEqual([true]); // long gone: the id is free again
  });

  it("a client reconnecting keeps its presence, even before its old socket is noticed closed", () => {
    const { room } = registry();
    const first = room.forConnection("ada-provider");
    expect(first.admit([state(5)])).toEqual([true]);
    const again = room.forConnection("ada-provider");
    expect(again.admit([state(5)])).toEqual([true]);
    first.release(); // the old socket's close arrives late: it must not free what the new one holds
    expect(room.forConnection("eve-provider").admit([state(5)])).toEqual([false]);
    expect(again.admit([removal(5)])).toEqual([true]);
  });

  it("refuses more ids than a client has", () => {
    const { room } = registry();
    const claims = room.forConnection("a");
    const ids = Array.from({ length: maxClaimsPerConnection + 1 }, (_, i) => i + 1);
    expect(claims.admit(ids.slice(0, maxClaimsPerConnection).map(state)).every(Boolean)).toBe(true);
    expect(claims.admit([state(ids.at(-1)!)])).toEqual([false]);
  });
});
