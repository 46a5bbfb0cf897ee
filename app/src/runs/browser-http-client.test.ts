import { describe, expect, it } from "vitest";
import { createBrowserHttpClient } from "./browser-http-client.ts";

const origin = "http://127.0.0.1:4173";
const request = { method: "GET", url: "http://api.example.test/orders", headers: { "idempotency-key": "r:n" } };
const failingFetch = (error: unknown) => (async () => Promise.reject(error)) as unknown as typeof fetch;

describe("browser HTTP client", () => {
  it("explains a request that got no response: unreachable or refused by CORS, and what to do", async () => {
    const http = createBrowserHttpClient(failingFetch(new TypeError("Failed to fetch")), origin);
    const failure = await http(request, new AbortController().signal).catch((error: unknown) => error);
    expect(failure).toMatchObject({ data: { code: "NETWORK", retryable: true } });
    const message = (failure as { data: { message: string } }).data.message;
    expect(message).toContain("Could not reach GET http://api.example.test/orders");
    expect(message).toContain("does not allow requests from this page (CORS)");
    expect(message).toContain(`Access-Control-Allow-Origin: ${origin}`);
    expect(message).toContain(`"Access-Control-Allow-Headers: idempotency-key"`); // the header this request carries
    expect(message).toContain("run this node on a runner instead");
    expect(message).toContain("npx nexus run flow.json");
    expect(message).not.toContain("Failed to fetch");
  });

  it("asks only for Allow-Origin when the request is a simple one", async () => {
    const http = createBrowserHttpClient(failingFetch(new TypeError("Failed to fetch")), origin);
    const failure = await http({ method: "GET", url: "http://api.example.test/orders", headers: {} }, new AbortController().signal).catch((error: unknown) => error);
    const message = (failure as { data: { message: string } }).data.message;
    expect(message).toContain(`its responses must carry "Access-Control-Allow-Origin: ${origin}" (or "*")`);
    expect(message).not.toContain("preflight");
  });

  it("says so when an https page calls a plain http address elsewhere (mixed content)", async () => {
    const http = createBrowserHttpClient(failingFetch(new TypeError("Failed to fetch")), "https://nexus.example");
    await expect(http(request, new AbortController().signal)).rejects.toMatchObject({ data: { code: "NETWORK", message: expect.stringContaining("browsers block calls from it to plain http://") } });
  });

  it("refuses an address that is not http(s), without retrying", async () => {
    const http = createBrowserHttpClient(failingFetch(new TypeError("Failed to parse URL")), origin);
    await expect(http({ ...request, url: "orders" }, new AbortController().signal)).rejects.toMatchObject({ data: { code: "INVALID_URL", retryable: false } });
  });

  it("gives up after the request's timeout with a retryable TIMEOUT", async () => {
    const hanging = ((_url: string, init: RequestInit) => new Promise((_resolve, reject) => init.signal!.addEventListener("abort", () => reject(init.signal!.reason)))) as unknown as typeof fetch;
    const http = createBrowserHttpClient(hanging, origin);
    await expect(http({ ...request, timeoutMs: 20 }, new AbortController().signal)).rejects.toMatchObject({ data: { code: "TIMEOUT", retryable: true, message: "GET http://api.example.test/orders got no response within 20 ms" } });
  });

  it("rethrows the abort reason when the attempt was aborted", async () => {
    const controller = new AbortController();
    controller.abort(new Error("run stopped"));
    const http = createBrowserHttpClient(failingFetch(new DOMException("aborted", "AbortError")), origin);
    await expect(http(request, controller.signal)).rejects.toThrow("run stopped");
  });

  it("returns status, lower-case headers and the body text, and sends the request as given", async () => {
    let seen: { url: string; init: RequestInit } | undefined;
    const fetchImpl = (async (url: string, init: RequestInit) => {
      seen = { url, init };
      return new Response('{"ok":true}', { status: 201, statusText: "Created", headers: { "Content-Type": "application/json", "X-Id": "7" } });
    }) as unknown as typeof fetch;
    const http = createBrowserHttpClient(fetchImpl, origin);
    const response = await http({ ...request, method: "POST", body: "{}" }, new AbortController().signal);
    expect(response).toEqual({ status: 201, statusText: "Created", headers: { "content-type": "application/json", "x-id": "7" }, bodyText: '{"ok":true}' });
    expect(seen?.init).toMatchObject({ method: "POST", body: "{}", headers: { "idempotency-key": "r:n" }, credentials: "omit" });
  });
});
