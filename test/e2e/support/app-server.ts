import { build, preview, type PreviewServer } from "vite";
import { fileURLToPath } from "node:url";

const appRoot = fileURLToPath(new URL("../../../app/", import.meta.url));

/** Builds the app for production, as users get it (service worker included). */
export async function buildApp(): Promise<void> {
  await build({ root: appRoot, configFile: `${appRoot}vite.config.ts`, logLevel: "warn" });
}

/** Serves the built app on a free loopback port. */
export async function serveApp(): Promise<{ url: string; close(): Promise<void> }> {
  const server: PreviewServer = await preview({ root: appRoot, configFile: `${appRoot}vite.config.ts`, logLevel: "warn", preview: { host: "127.0.0.1", port: 0, strictPort: false } });
  const address = server.httpServer.address();
  if (!address || typeof address === "string") throw new Error("preview server has no port");
  return { url: `http://127.0.0.1:${address.port}`, close: () => server.close() };
}
