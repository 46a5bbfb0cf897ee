import { describe, expect, it } from "vitest";
import { maxClaimsPerConnection, PresenceRegistry } from "./presence-claims.ts";

describe("presence claims", () => {
  it("a connection speaks for the ids it claimed first, and no other connection can", () => {
    const room = new PresenceRegistry();
    const ada = room.forConnection("ada-provider");
    const eve = room.forConnection("eve-provider");
    expect(ada.claim([101])).toBe(true);
    expect(ada.claim([101])).toBe(true);
    expect(eve.claim([101])).toBe(false);
    expect(eve.claim([202, 101])).toBe(false);
    expect(eve.claim([202])).toBe(true);
    expect(ada.claim([202])).toBe(false);
  });

  it("claims lapse when their connection leaves", () => {
    const room = new PresenceRegistry();
    const before = room.forConnection("old");
    expect(before.claim([7])).toBe(true);
    before.release();
    expect(room.forConnection("new").claim([7])).toBe(true);
  });

  it("refuses more ids than a client has", () => {
    const claims = new PresenceRegistry().forConnection("a");
    const ids = Array.from({ length: maxClaimsPerConnection + 1 }, (_, i) => i + 1);
    expect(claims.claim(ids.slice(0, maxClaimsPerConnection))).toBe(true);
    expect(claims.claim([ids.at(-1)!])).toBe(false);
  });

  it("a client reconnecting keeps its presence, even before its old socket is noticed closed", () => {
    const room = new PresenceRegistry();
    const first = room.forConnection("ada-provider");
    expect(first.claim([5])).toBe(true);
    const again = room.forConnection("ada-provider");
    expect(again.claim([5])).toBe(true);
    first.release(); // the old socket's close arrives late: it must not free what the new one holds
    expect(room.forConnection("eve-provider").claim([5])).toBe(false);
  });
});
