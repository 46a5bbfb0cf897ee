import { describe, expect, it } from "vitest";
import { jobsSocketUrl, parseInvite, resolveTeam, tokenRole } from "./team-connection.ts";

/** A token-shaped string with these claims (the page never checks signatures; the hub does). */
const tokenWith = (claims: object) => `eyJhbGciOiJIUzI1NiJ9.${btoa(JSON.stringify(claims)).replace(/=+$/, "").replace(/\+/g, "-").replace(/\//g, "_")}.c2ln`;

describe("team connection", () => {
  it("reads an invite link's relay and member token, and its role", () => {
    const token = tokenWith({ tid: "t1", role: "viewer", exp: 1 });
    const invite = parseInvite(`https://app.example/#team=${encodeURIComponent("https://relay.example.com/")}&token=${token}`);
    expect(invite).toEqual({ ok: true, connection: { relayUrl: "https://relay.example.com", token, source: "invite" } });
    expect(tokenRole(token)).toBe("viewer");
  });

  it("refuses links without a token, with a bad relay, or with a runner token, saying why", () => {
    expect(parseInvite("#team=https://relay.example.com")).toMatchObject({ ok: false, reason: expect.stringContaining("lacks the relay or the token") });
    expect(parseInvite(`#team=ftp://x&token=${tokenWith({ role: "admin" })}`)).toMatchObject({ ok: false, reason: expect.stringContaining("not valid") });
    expect(parseInvite(`#team=https://r.example&token=${tokenWith({ role: "runner" })}`)).toMatchObject({ ok: false, reason: expect.stringContaining("not a member token") });
  });

  it("prefers the kept connection, else npm start's local team, else none", async () => {
    const token = tokenWith({ role: "editor" });
    const local = async () => new Response(JSON.stringify({ relayUrl: "http://127.0.0.1:8787", token }), { headers: { "content-type": "application/json" } });
    expect(await resolveTeam(async () => ({ relayUrl: "https://kept.example", token }), local)).toMatchObject({ relayUrl: "https://kept.example", source: "invite" });
    expect(await resolveTeam(async () => undefined, local)).toMatchObject({ relayUrl: "http://127.0.0.1:8787", source: "local" });
    // A static host answers index.html for unknown paths: not a team.
    expect(await resolveTeam(async () => undefined, async () => new Response("<!doctype html>", { headers: { "content-type": "text/html" } }))).toBeUndefined();
    expect(await resolveTeam(async () => undefined, async () => Promise.reject(new TypeError("offline")))).toBeUndefined();
  });

  it("builds the submitter socket URL with the token as a query parameter", () => {
    expect(jobsSocketUrl({ relayUrl: "https://relay.example.com", token: "a.b.c", source: "invite" })).toBe("wss://relay.example.com/api/jobs/connect?token=a.b.c");
  });
});
