/**
 * The app calls the control relay from its own origin (a static host, `npm start`): the API
 * and /metrics answer CORS preflights and carry Access-Control-Allow-Origin on answers and
 * refusals alike, so the page can read the hub's words. Tokens, not cookies, authorize.
 */
import { beforeAll, describe, expect, inject, it } from "vitest";
import { createTeam, type TestTeam } from "./support/control-api.ts";

const relay = inject("controlUrl");
const origin = "http://127.0.0.1:5173";

describe("CORS on the control relay", () => {
  let team: TestTeam;
  beforeAll(async () => {
    team = await createTeam(relay);
  });

  it("answers a preflight for the API with the headers the app sends", async () => {
    const response = await fetch(`${relay}/api/flows/x`, { method: "OPTIONS", headers: { origin, "access-control-request-method": "PUT", "access-control-request-headers": "authorization, content-type" } });
    expect(response.status).toBe(204);
    expect(response.headers.get("access-control-allow-origin")).toBe("*");
    expect(response.headers.get("access-control-allow-headers")?.toLowerCase()).toContain("authorization");
    expect(response.headers.get("access-control-allow-methods")).toContain("PUT");
  });

  it("lets the page read answers and refusals", async () => {
    const ok = await fetch(`${relay}/api/runners`, { headers: { origin, authorization: `Bearer ${team.adminToken}` } });
    expect(ok.status).toBe(200);
    expect(ok.headers.get("access-control-allow-origin")).toBe("*");
    const refused = await fetch(`${relay}/api/runners`, { headers: { origin, authorization: "Bearer not.a.token" } });
    expect(refused.status).toBe(401);
    expect(refused.headers.get("access-control-allow-origin")).toBe("*");
    const metrics = await fetch(`${relay}/metrics`, { method: "OPTIONS", headers: { origin, "access-control-request-method": "GET", "access-control-request-headers": "authorization" } });
    expect(metrics.status).toBe(204);
  });
});
