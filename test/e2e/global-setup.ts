import type { TestProject } from "vitest/node";
import { ensureChromium } from "./support/chromium.ts";
import { buildApp, serveApp } from "./support/app-server.ts";

declare module "vitest" {
  export interface ProvidedContext {
    appUrl: string;
    /** The production build the app server serves (copy it before changing anything). */
    appDist: string;
  }
}

/** Browser suites: Chromium from Debian, the app built for production and served on a free port. */
export default async function setup(project: TestProject) {
  ensureChromium();
  const dist = await buildApp();
  const server = await serveApp(dist);
  project.provide("appUrl", server.url);
  project.provide("appDist", dist);
  return () => server.close();
}
