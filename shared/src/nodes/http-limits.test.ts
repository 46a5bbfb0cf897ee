import { newQuickJSWASMModule } from "quickjs-emscripten";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { createFetchHttpClient } from "../platform/fetch-http-client.ts";
import { flow } from "../../test-support/flow-builder.ts";
import { run } from "../../test-support/run-harness.ts";
import { startTestServer, type ScriptedResponse } from "../../test-support/test-http-server.ts";
import { createQuickJSSandbox } from "../sandbox/quickjs-sandbox.ts";
import type { Sandbox } from "../sandbox/sandbox.ts";
import { validateFlow } from "../flow/validate-flow.ts";

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

/** s(trigger) ─► h(http.request GET base + path), with the flow's payload limit. */
async function fetchWithLimit(answer: ScriptedResponse, maxPayloadBytes: number) {
  server = await startTestServer({ "/big": [answer] });
  const built = flow().trigger("s").node("h", { type: "http.request", config: { url: "{{ input.base }}/big" } } as never).chain("s", "h").build();
  const checked = validateFlow({ ...built, settings: { maxPayloadBytes } });
  if (!checked.ok) throw new Error(JSON.stringify(checked.issues));
  const started = run(checked.compiled, { input: { base: server.url }, ports: { services: { sandbox, http: createFetchHttpClient() } } });
  return (await started.handle.done).nodes.h!;
}

describe("http.request and the payload limit (B1)", () => {
  //   s ─► h
  it("B1: a response whose Content-Length is over the limit is refused, naming the request and the limit", async () => {
    const node = await fetchWithLimit({ status: 200, headers: { "content-type": "text/plain", "content-length": "5000" }, body: "x".repeat(5000) }, 2048);
    expect(node.error).toMatchObject({ code: "PAYLOAD_TOO_LARGE", retryable: false });
    expect(node.error!.message).toMatch(/^GET http:\/\/127\.0\.0\.1:\d+\/big: the response is 4.9 KB, over the payload limit of 2 KB \(settings\.maxPayloadBytes\)$/);
  });

  //   s ─► h   (chunked: no Content-Length)
  it("B1: a chunked response is refused once the bytes read pass the limit", async () => {
    const node = await fetchWithLimit({ status: 200, headers: { "content-type": "text/plain", "transfer-encoding": "chunked" }, body: "y".repeat(200_000) }, 4096);
    expect(node.error!.message).toMatch(/the response is more than 4 KB, over the payload limit of 4 KB/);
  });

  //   s ─► h
  it("B1: a response within the limit is read whole, multi-byte text intact", async () => {
    const node = await fetchWithLimit({ status: 200, headers: { "content-type": "text/plain", "transfer-encoding": "chunked" }, body: "é😀".repeat(300) }, 4096);
    expect(node).toMatchObject({ status: "succeeded", output: { status: 200, body: "é😀".repeat(300) } });
  });
});
