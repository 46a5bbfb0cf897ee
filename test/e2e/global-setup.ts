import type { TestProject } from "vitest/node";
import { ensureChromium } from "./support/chromium.ts";
import { buildApp, serveApp } from "./support/app-server.ts";
import { startPartykitDev } from "../relay/support/partykit-dev.ts";

declare module "vitest" {
  export interface ProvidedContext {
    appUrl: string;
    /** The production build the app server serves (copy it before changing anything). */
    appDist: string;
    /** The collaboration relay (`partykit dev`) the build points at. */
    relayUrl: string;
  }
}

/**
 * Browser suites: Chromium from Debian, a real `partykit dev` relay, and the app built for
 * production (pointed at that relay, as a deployment is) and served on a free port.
 */
export default async function setup(project: TestProject) {
  ensureChromium();
  const relay = await startPartykitDev();
  process.env.VITE_RELAY_URL = relay.url;
  const dist = await buildApp();
  const server = await serveApp(dist);
  project.provide("appUrl", server.url);
  project.provide("appDist", dist);
  project.provide("relayUrl", relay.url);
  return async () => {
    await server.close();
    await relay.dispose();
  };
}
