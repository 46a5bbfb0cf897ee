import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import type { Page } from "playwright-core";
import { afterEach, describe, expect, it } from "vitest";
import { openApp } from "./support/app-page.ts";

let app: Awaited<ReturnType<typeof openApp>> | undefined;
let server: Server | undefined;
afterEach(async () => {
  await app?.close();
  app = undefined;
  await new Promise((resolve) => (server ? server.close(resolve) : resolve(undefined)));
  server = undefined;
});

/**
 * An ordinary public API: every response allows any origin, and nothing else. It answers no
 * preflight (OPTIONS gets a 405 without CORS headers), as many APIs do.
 */
async function startPublicApi(): Promise<{ url: string; seen: Array<{ method: string; headers: Record<string, unknown> }> }> {
  const seen: Array<{ method: string; headers: Record<string, unknown> }> = [];
  server = createServer((request, response) => {
    seen.push({ method: request.method ?? "", headers: request.headers });
    if (request.method === "OPTIONS") return void response.writeHead(405).end();
    response.writeHead(200, { "access-control-allow-origin": "*", "content-type": "application/json" }).end(JSON.stringify({ orders: [1, 2, 3] }));
  });
  await new Promise<void>((resolve) => server!.listen(0, "127.0.0.1", resolve));
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/orders`, seen };
}

//   start ─► call (http.request)
async function runCall(page: Page, id: string, config: Record<string, unknown>): Promise<void> {
  const flow = {
    schemaVersion: 1,
    id,
    name: id,
    nodes: [
      { id: "start", type: "trigger.manual", position: { x: 0, y: 0 }, config: {} },
      { id: "call", type: "http.request", position: { x: 260, y: 0 }, config },
    ],
    edges: [{ id: "e1", source: "start", target: "call" }],
  };
  await page.locator("#import-file").setInputFiles({ name: `${id}.json`, mimeType: "application/json", buffer: Buffer.from(JSON.stringify(flow)) });
  await page.waitForURL(new RegExp(`#/flow/${id}$`));
  await page.getByRole("region", { name: "Run panel" }).waitFor();
  await page.getByRole("button", { name: "Run", exact: true }).click();
}
const runStatus = (page: Page) => page.locator(".rp-status").innerText();

describe("HTTP requests from the browser to an API that allows any origin", () => {
  it("a plain GET succeeds: a simple request, no preflight, no Idempotency-Key", async () => {
    const api = await startPublicApi();
    app = await openApp();
    const { page } = app;
    await runCall(page, "plain-get", { url: api.url });
    await expect.poll(() => runStatus(page), { timeout: 15_000 }).toBe("Succeeded");
    expect(api.seen.map((request) => request.method)).toEqual(["GET"]);
    expect(api.seen[0]!.headers["idempotency-key"]).toBeUndefined();
    await page.getByRole("tab", { name: "Data" }).click();
    await page.getByRole("combobox", { name: "Node" }).selectOption("call");
    await expect.poll(() => page.getByRole("region", { name: "Output" }).innerText()).toMatch(/orders/);
    expect(app.errors).toEqual([]);
  });

  it("a refused PUT of JSON says exactly what the server must allow, and that a runner can call it instead", async () => {
    const api = await startPublicApi();
    app = await openApp();
    const { page } = app;
    await runCall(page, "refused-post", { method: "PUT", url: api.url, body: { id: 7 } });
    await expect.poll(() => runStatus(page), { timeout: 15_000 }).toBe("Failed");
    expect(api.seen.map((request) => request.method)).toEqual(["OPTIONS"]); // the preflight, refused: the PUT never went out
    const alert = await page.getByRole("alert").first().innerText();
    const origin = new URL(app.url).origin;
    expect(alert).toContain(`Could not reach PUT ${api.url}`);
    expect(alert).toContain("because of the PUT method and the headers content-type, idempotency-key");
    expect(alert).toContain(`"Access-Control-Allow-Origin: ${origin}", "Access-Control-Allow-Methods: PUT", "Access-Control-Allow-Headers: content-type, idempotency-key"`);
    expect(alert).toContain("run this node on a runner instead");
    expect(app.errors).toEqual([]);
  });
});
