import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { afterEach, describe, expect, it, vi } from "vitest";
import { createRoom } from "./create-room.ts";

let server: Server | undefined;
afterEach(async () => {
  vi.unstubAllGlobals();
  server?.closeAllConnections();
  await new Promise((resolve) => server?.close(resolve) ?? resolve(undefined));
});

/** A relay on a real socket that takes the request and answers with `answer` (or never). */
async function relay(answer?: (respond: (status: number, body: object) => void) => void): Promise<string> {
  server = createServer((_request, response) => answer?.((status, body) => response.writeHead(status, { "content-type": "application/json" }).end(JSON.stringify(body))));
  await new Promise<void>((resolve) => server!.listen(0, "127.0.0.1", resolve));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  vi.stubGlobal("localStorage", { getItem: () => url });
  return url;
}

describe("creating a room at the relay", () => {
  it("says in words that the relay did not answer, instead of waiting for good", async () => {
    const url = await relay(); // accepts the connection, never answers
    const created = await createRoom({ answerWithinMs: 300 });
    expect(created).toEqual({ ok: false, message: `The collaboration relay (${url}) did not answer within 0.3 s. Try again in a moment.` });
  });

  it("passes on the relay's refusal with its reason, and takes a 201 as the room", async () => {
    await relay((respond) => respond(429, { error: "too many rooms from this address" }));
    expect(await createRoom()).toEqual({ ok: false, message: "The relay refused to create the room (429: too many rooms from this address)." });
    server!.closeAllConnections();
    await new Promise((resolve) => server!.close(resolve));
    await relay((respond) => respond(201, {}));
    const created = await createRoom();
    expect(created.ok && created.room.role).toBe("edit");
  });
});
