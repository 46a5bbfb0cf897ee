import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { build, preview, type PreviewServer } from "vite";

const appRoot = fileURLToPath(new URL("../../../app/", import.meta.url));
const configFile = `${appRoot}vite.config.ts`;

/**
 * Builds the app for production, as users get it (service worker included), into a
 * directory of its own: parallel test runs never serve each other's half-written builds.
 */
export async function buildApp(): Promise<string> {
  const outDir = mkdtempSync(join(tmpdir(), "nexus-app-"));
  // Vitest sets NODE_ENV=test, which would make Vite build a development bundle (dev Solid,
  // no service worker). Build exactly what users get.
  const nodeEnv = process.env.NODE_ENV;
  process.env.NODE_ENV = "production";
  try {
    await build({ root: appRoot, configFile, mode: "production", logLevel: "warn", build: { outDir, emptyOutDir: true } });
  } finally {
    process.env.NODE_ENV = nodeEnv;
  }
  return outDir;
}

/** Serves a build on a free loopback port. */
export async function serveApp(outDir: string): Promise<{ url: string; close(): Promise<void> }> {
  const server: PreviewServer = await preview({ root: appRoot, configFile, logLevel: "warn", build: { outDir }, preview: { host: "127.0.0.1", port: 0, strictPort: false } });
  const address = server.httpServer.address();
  if (!address || typeof address === "string") throw new Error("preview server has no port");
  return {
    url: `http://127.0.0.1:${address.port}`,
    async close() {
      await server.close();
      rmSync(outDir, { recursive: true, force: true });
    },
  };
}
