import { describe, expect, it } from "vitest";
import { corsAdvice, corsNeeds } from "./cors-advice.ts";

const url = "https://api.example.test/v1/orders?page=2";
const origin = "http://127.0.0.1:5173";

describe("CORS needs and advice", () => {
  it("a GET with no custom header is a simple request: only Allow-Origin is needed", () => {
    expect(corsNeeds({ method: "GET", headers: {} })).toEqual({ headers: [], preflight: false });
    expect(corsNeeds({ method: "POST", headers: { "content-type": "text/plain;charset=UTF-8", accept: "application/json" } })).toEqual({ headers: [], preflight: false });
    expect(corsAdvice({ method: "GET", url, headers: {} }, origin)).toBe(`its responses must carry "Access-Control-Allow-Origin: ${origin}" (or "*").`);
  });

  it("names the method and each header that makes the browser preflight", () => {
    expect(corsNeeds({ method: "put", headers: { "Content-Type": "application/json", "X-Trace": "1", "Idempotency-Key": "r:n", Accept: "*/*" } })).toEqual({
      method: "PUT",
      headers: ["content-type", "idempotency-key", "x-trace"],
      preflight: true,
    });
    const advice = corsAdvice({ method: "PUT", url, headers: { "content-type": "application/json", "idempotency-key": "r:n" } }, origin);
    expect(advice).toContain("because of the PUT method and the headers content-type, idempotency-key");
    expect(advice).toContain("OPTIONS request (a preflight) to /v1/orders");
    expect(advice).toContain(`"Access-Control-Allow-Origin: ${origin}", "Access-Control-Allow-Methods: PUT", "Access-Control-Allow-Headers: content-type, idempotency-key"`);
  });

  it("a POST of JSON needs only its content-type allowed, not the method", () => {
    const advice = corsAdvice({ method: "POST", url, headers: { "content-type": "application/json", "idempotency-key": "r:n" } }, origin);
    expect(advice).not.toContain("Allow-Methods");
    expect(advice).toContain(`"Access-Control-Allow-Headers: content-type, idempotency-key"`);
  });

  it("a safelisted header with a value over 128 characters is not simple any more", () => {
    expect(corsNeeds({ method: "GET", headers: { accept: "x".repeat(129) } })).toEqual({ headers: ["accept"], preflight: true });
  });
});
