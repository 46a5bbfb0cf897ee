/**
 * The pieces of `npm start` that need no browser: the static server of the build and the
 * hash that decides whether to rebuild. (test/e2e/npm-start.e2e.test.ts runs the whole.)
 */
import { mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { serveAppBuild, type AppServer } from "../scripts/start/app-server.ts";
import { inputsHash } from "../scripts/start/app-build.ts";
import { tempDir } from "../shared/test-support/temp-dirs.ts";

describe("npm start: the build's static server", () => {
  let root: string;
  let server: AppServer;
  beforeAll(async () => {
    root = tempDir("nexus-start-dist-");
    mkdirSync(join(root, "assets"));
    writeFileSync(join(root, "index.html"), "<!doctype html><title>app</title>");
    writeFileSync(join(root, "sw.js"), "self.x = 1;");
    writeFileSync(join(root, "assets/app-abc123.js"), "export {};");
    writeFileSync(join(root, "assets/quickjs-abc123.wasm"), Buffer.from([0, 97, 115, 109]));
    server = await serveAppBuild({ dir: root, port: 30_000 + Math.floor(Math.random() * 20_000) });
  });
  afterAll(() => server.close());
  const get = (path: string, init?: RequestInit) => fetch(new URL(path, server.url), init);

  it("serves files with their types; hashed assets are immutable, the rest revalidated", async () => {
    const wasm = await get("/assets/quickjs-abc123.wasm");
    expect(wasm.headers.get("content-type")).toBe("application/wasm"); // streaming compilation needs it
    expect(wasm.headers.get("cache-control")).toContain("immutable");
    const sw = await get("/sw.js");
    expect(sw.headers.get("content-type")).toContain("text/javascript");
    expect(sw.headers.get("cache-control")).toBe("no-cache"); // a new build must reach people
    expect(await sw.text()).toBe("self.x = 1;");
  });

  it("answers a page address with the app, a missing file with 404, and nothing outside the build", async () => {
    expect(await (await get("/flows/orders")).text()).toContain("<title>app</title>");
    expect((await get("/assets/gone-123.js")).status).toBe(404);
    expect((await get("/..%2f..%2fetc%2fpasswd")).status).toBe(404);
    expect((await get("/", { method: "POST" })).status).toBe(405);
  });

  it("takes the next port when the first is taken", async () => {
    const second = await serveAppBuild({ dir: root, port: server.port });
    try {
      expect(second.port).toBeGreaterThan(server.port);
    } finally {
      await second.close();
    }
  });
});

describe("npm start: when to rebuild", () => {
  it("the inputs' hash changes with a source file, a new file and the relay URL, and only then", () => {
    const repo = tempDir("nexus-start-repo-");
    for (const dir of ["app/src", "app/node_modules/x", "app/dist", "shared/src"]) mkdirSync(join(repo, dir), { recursive: true });
    writeFileSync(join(repo, "app/src/main.tsx"), "a");
    writeFileSync(join(repo, "shared/src/index.ts"), "b");
    writeFileSync(join(repo, "package-lock.json"), "{}");
    const relay = "http://127.0.0.1:1999";
    const first = inputsHash(repo, relay);
    expect(inputsHash(repo, relay)).toBe(first);
    writeFileSync(join(repo, "app/dist/index.html"), "output"); // build output and dependencies do not count
    writeFileSync(join(repo, "app/node_modules/x/index.js"), "dependency");
    expect(inputsHash(repo, relay)).toBe(first);
    expect(inputsHash(repo, "http://127.0.0.1:2000")).not.toBe(first);
    writeFileSync(join(repo, "shared/src/index.ts"), "b2");
    const edited = inputsHash(repo, relay);
    expect(edited).not.toBe(first);
    writeFileSync(join(repo, "shared/src/new.ts"), "");
    expect(inputsHash(repo, relay)).not.toBe(edited);
  });
});
