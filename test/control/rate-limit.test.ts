/** W1 over HTTP: a relay started with a low per-token rate answers 429 past it, with the reason. */
import { afterAll, beforeAll, expect, it } from "vitest";
import { call, createTeam } from "./support/control-api.ts";
import { startWranglerDev, type WranglerDev } from "./support/wrangler-dev.ts";

let relay: WranglerDev;
beforeAll(async () => {
  relay = await startWranglerDev({ NEXUS_REQUESTS_PER_SECOND: "2" });
});
afterAll(() => relay?.dispose());

it("W1: a token making too many requests gets 429 saying so; another token is unaffected", async () => {
  const team = await createTeam(relay.url, "busy");
  const viewer = await team.token("viewer");
  const answers = await Promise.all(Array.from({ length: 60 }, () => call(relay.url, viewer, "GET", "/api/runners")));
  const limited = answers.filter((answer) => answer.status === 429);
  expect(limited.length).toBeGreaterThan(0);
  expect(limited[0]!.body.error).toEqual({ code: "TOO_MANY_REQUESTS", message: "more than 2 requests a second with this token; slow down" });
  expect((await call(relay.url, await team.token("viewer"), "GET", "/api/runners")).status).toBe(200);
});
