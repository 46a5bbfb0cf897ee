import { newQuickJSWASMModule } from "quickjs-emscripten";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { createFetchHttpClient } from "../platform/fetch-http-client.ts";
import { flow } from "../../test-support/flow-builder.ts";
import { createRealClock } from "../../test-support/real-clock.ts";
import { run } from "../../test-support/run-harness.ts";
import { startTestServer, type ScriptedResponse } from "../../test-support/test-http-server.ts";
import { startRun } from "../engine/start-run.ts";
import type { RunEvent } from "../engine/run-event.ts";
import { createQuickJSSandbox } from "../sandbox/quickjs-sandbox.ts";
import type { Sandbox } from "../sandbox/sandbox.ts";
import type { JsonValue } from "../json.ts";

let sandbox: Sandbox;
let server: Awaited<ReturnType<typeof startTestServer>> | undefined;
beforeAll(async () => {
  sandbox = createQuickJSSandbox(await newQuickJSWASMModule());
});
afterAll(() => sandbox.dispose());
afterEach(async () => {
  await server?.close();
  server = undefined;
});

const http = createFetchHttpClient();

//   s(trigger) ─► h(http.request)
function httpFlow(config: Record<string, JsonValue>, extra: object = {}) {
  return flow().trigger("s").node("h", { type: "http.request", config, ...extra } as never).chain("s", "h").compile();
}

/** Starts the server, then the run, with the virtual clock (fine without timeoutMs). */
async function serve(scripts: Record<string, ScriptedResponse[]>, config: Record<string, JsonValue>, extra: object = {}, input: Record<string, JsonValue> = {}) {
  server = await startTestServer(scripts);
  const started = run(httpFlow(config, extra), { runId: "run-9", input: { base: server.url, ...input }, ports: { services: { sandbox, http } } });
  const state = await started.handle.done;
  return { ...started, state, requests: server.requests };
}

const failures = (log: RunEvent[]) => log.filter((event): event is Extract<RunEvent, { type: "node.failed" }> => event.type === "node.failed");
const json = (body: unknown, status = 200): ScriptedResponse => ({ status, headers: { "content-type": "application/json; charset=utf-8" }, body: JSON.stringify(body) });

describe("http.request (H)", () => {
  //   s ─► h
  it("H1: url, header values and body strings hold {{ expressions }}; a whole template keeps the value's type", async () => {
    const { state, requests } = await serve(
      { "/users/7": [json({ ok: true })] },
      {
        method: "POST",
        url: "{{ ctx.run.input.base }}/users/{{ input.id }}?q={{ input.name }}",
        headers: { "X-User": "{{ input.name.toUpperCase() }}", "X-Plain": "fixed" },
        body: { id: "{{ input.id }}", tags: "{{ input.tags }}", note: "hi {{ input.name }}, tags {{ input.tags }}", nested: ["{{ input.id + 1 }}", { deep: "{{ null }}" }] },
      },
      {},
      { id: 7, name: "ada", tags: ["a", "b"] },
    );
    expect(state.nodes.h!.status).toBe("succeeded");
    const [request] = requests;
    expect(request).toMatchObject({ method: "POST", path: "/users/7?q=ada" });
    expect(request!.headers).toMatchObject({ "x-user": "ADA", "x-plain": "fixed", "content-type": "application/json" });
    expect(JSON.parse(request!.body)).toEqual({ id: 7, tags: ["a", "b"], note: 'hi ada, tags ["a","b"]', nested: [8, { deep: null }] });
  });

  //   s ─► h      a body that renders to a string is sent as it is
  it("H1: a body that is one string is sent as text, without a JSON content type", async () => {
    const { requests } = await serve({ "/t": [{ status: 204 }] }, { method: "PUT", url: "{{ ctx.run.input.base }}/t", body: "name={{ input.name }}" }, {}, { name: "ada" });
    expect(requests[0]!.body).toBe("name=ada");
    expect(requests[0]!.headers["content-type"]).toMatch(/^text\/plain/);
  });

  //   s ─► h      a template that throws fails the node
  it("H1: a template whose expression throws fails the node with CODE_ERROR before any request", async () => {
    const { state, requests } = await serve({}, { url: "{{ ctx.run.input.base }}/{{ input.missing.deep }}" });
    expect(state.nodes.h).toMatchObject({ status: "failed", error: { code: "CODE_ERROR" } });
    expect(requests).toEqual([]);
  });

  //   s ─► h
  it("H2: the output is { status, headers, body } and a JSON body is parsed", async () => {
    const { state } = await serve({ "/j": [{ ...json({ items: [1, 2] }, 201), headers: { "Content-Type": "application/json", "X-Trace": "abc" } }] }, { url: "{{ ctx.run.input.base }}/j" });
    const out = state.nodes.h!.output as { status: number; headers: Record<string, string>; body: JsonValue };
    expect(out.status).toBe(201);
    expect(out.body).toEqual({ items: [1, 2] });
    expect(out.headers).toMatchObject({ "content-type": "application/json", "x-trace": "abc" });
  });

  //   s ─► h
  it("H2: a body that is not JSON stays text, also when it claims to be JSON but is not", async () => {
    const { state } = await serve({ "/t": [{ status: 200, headers: { "content-type": "text/plain" }, body: '{"a":1}' }] }, { url: "{{ ctx.run.input.base }}/t" });
    expect((state.nodes.h!.output as { body: JsonValue }).body).toBe('{"a":1}');
    const broken = await serve({ "/b": [{ status: 200, headers: { "content-type": "application/json" }, body: "{oops" }] }, { url: "{{ ctx.run.input.base }}/b" });
    expect((broken.state.nodes.h!.output as { body: JsonValue }).body).toBe("{oops");
  });

  //   s ─► h(retry 3)      503, 503, 200
  it("H3: a 5xx fails the attempt with HTTP_STATUS and is retried", async () => {
    const { state, log, requests } = await serve({ "/x": [{ status: 503 }, { status: 502 }, json({ fine: true })] }, { url: "{{ ctx.run.input.base }}/x" }, { retry: { maxAttempts: 3, initialDelayMs: 10 } });
    expect(requests).toHaveLength(3);
    expect(failures(log).map((event) => [event.error.code, event.error.retryable, event.error.message])).toEqual([
      ["HTTP_STATUS", true, `GET ${server!.url}/x returned 503 Service Unavailable`],
      ["HTTP_STATUS", true, `GET ${server!.url}/x returned 502 Bad Gateway`],
    ]);
    expect(state.nodes.h).toMatchObject({ status: "succeeded", attempts: 3, output: { status: 200, body: { fine: true } } });
  });

  //   s ─► h(retry 2)      429 Retry-After: 7, then 200
  it("H3: 429 is retryable and Retry-After is honoured over a shorter backoff", async () => {
    const { state, log, clock } = await serve({ "/r": [{ status: 429, headers: { "retry-after": "7" } }, json(1)] }, { url: "{{ ctx.run.input.base }}/r" }, { retry: { maxAttempts: 2, initialDelayMs: 10 } });
    const [failed] = failures(log);
    expect(failed!.error).toMatchObject({ code: "HTTP_STATUS", retryable: true, retryAfterMs: 7000 });
    expect(failed!.retryAt! - failed!.at).toBe(7000);
    expect(clock.sleeps).toContain(7000);
    expect(state.nodes.h!.status).toBe("succeeded");
  });

  //   s ─► h(retry 5)      404
  it("H3: a 404 fails the node at once, not retried", async () => {
    const { state, requests } = await serve({}, { url: "{{ ctx.run.input.base }}/missing" }, { retry: { maxAttempts: 5, initialDelayMs: 10 } });
    expect(requests).toHaveLength(1);
    expect(state.nodes.h).toMatchObject({ status: "failed", attempts: 1, error: { code: "HTTP_STATUS", retryable: false } });
    expect(state.nodes.h!.error!.message).toMatch(/returned 404/);
    expect(state.error).toMatchObject({ nodeId: "h", code: "HTTP_STATUS" });
  });

  //   s ─► h(retry 3)      500, 500, 200: the same key every time
  it("H4: a POST carries Idempotency-Key <runId>:<nodeId>, the same across attempts", async () => {
    const { requests } = await serve({ "/k": [{ status: 500 }, { status: 500 }, json("ok")] }, { method: "POST", url: "{{ ctx.run.input.base }}/k", body: { a: 1 } }, { retry: { maxAttempts: 3, initialDelayMs: 1 } });
    expect(requests.map((request) => request.headers["idempotency-key"])).toEqual(["run-9:h", "run-9:h", "run-9:h"]);
  });

  //   s ─► h      GET, HEAD, OPTIONS: nothing to repeat safely, so no key (and no CORS preflight in a browser)
  it("H4: GET, HEAD and OPTIONS carry no Idempotency-Key; DELETE does, and a key the node sets wins", async () => {
    for (const method of ["GET", "HEAD", "OPTIONS"]) {
      const { requests } = await serve({ "/k": [{ status: 204 }] }, { method, url: "{{ ctx.run.input.base }}/k" });
      expect(requests[0]!.method).toBe(method);
      expect(requests[0]!.headers["idempotency-key"]).toBeUndefined();
      await server!.close();
      server = undefined;
    }
    const { requests: plainGet } = await serve({ "/k": [{ status: 204 }] }, { url: "{{ ctx.run.input.base }}/k" });
    expect(plainGet[0]!.headers["idempotency-key"]).toBeUndefined();
    await server!.close();
    server = undefined;
    const { requests: deletes } = await serve({ "/k": [{ status: 204 }] }, { method: "DELETE", url: "{{ ctx.run.input.base }}/k" });
    expect(deletes[0]!.headers["idempotency-key"]).toBe("run-9:h");
    await server!.close();
    server = undefined;
    const { requests: own } = await serve({ "/k": [{ status: 204 }] }, { method: "PUT", url: "{{ ctx.run.input.base }}/k", headers: { "Idempotency-Key": "mine" } });
    expect(own[0]!.headers["idempotency-key"]).toBe("mine");
  });

  //   s ─► h(timeoutMs 200, retry 2)      the server answers after 5 s
  it("R3 over HTTP: timeoutMs aborts the request through the signal and fails with TIMEOUT", async () => {
    server = await startTestServer({ "/slow": [{ status: 200, delayMs: 5000 }] });
    const clock = createRealClock();
    const compiled = httpFlow({ url: "{{ ctx.run.input.base }}/slow" }, { timeoutMs: 200, retry: { maxAttempts: 2, initialDelayMs: 10 } });
    const state = await startRun({ compiled, runId: "r", input: { base: server.url } }, { clock, random: () => 0.5, services: { sandbox, http } }).done;
    expect(state.nodes.h).toMatchObject({ status: "failed", attempts: 2, error: { code: "TIMEOUT", retryable: true } });
    expect(server.requests).toHaveLength(2);
    for (let waited = 0; server.closedEarly() < 2 && waited < 2000; waited += 10) await new Promise((resolve) => setTimeout(resolve, 10));
    expect(server.closedEarly()).toBe(2); // the server saw both requests abandoned
  });

  //   s ─► h      nothing listens on the port
  it("a request that gets no response fails with NETWORK, retryable", async () => {
    server = await startTestServer();
    const url = server.url;
    await server.close();
    server = undefined;
    const { handle } = run(httpFlow({ url: `${url}/x` }), { ports: { services: { sandbox, http } } });
    const state = await handle.done;
    expect(state.nodes.h!.error).toMatchObject({ code: "NETWORK", retryable: true });
  });
});

describe("http.request timeoutMs", () => {
  //   s ─► h   (the server answers after 2 s; the node gives up after 150 ms, then retries once)
  it("gives up on a slow server after config.timeoutMs with a retryable TIMEOUT", async () => {
    server = await startTestServer({ "/slow": [{ status: 200, body: "late", delayMs: 2000 }] });
    const compiled = httpFlow({ url: "{{ ctx.run.input.base }}/slow", timeoutMs: 150 }, { retry: { maxAttempts: 2, initialDelayMs: 10 } });
    const started = Date.now();
    const state = await startRun({ compiled, runId: "r", input: { base: server.url } }, { clock: createRealClock(), services: { sandbox, http } }).done;
    expect(state.nodes.h).toMatchObject({ status: "failed", attempts: 2, error: { code: "TIMEOUT", retryable: true } });
    expect(state.nodes.h!.error!.message).toContain("got no response within 150 ms");
    expect(Date.now() - started).toBeLessThan(1500);
  });
});
