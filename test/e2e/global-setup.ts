import type { TestProject } from "vitest/node";
import { ensureChromium } from "./support/chromium.ts";
import { buildApp, serveApp } from "./support/app-server.ts";

declare module "vitest" {
  export interface ProvidedContext {
    appUrl: string;
  }
}

/** Browser suites: Chromium from Debian, the app built for production and served on a free port. */
export default async function setup(project: TestProject) {
  ensureChromium();
  const server = await serveApp(await buildApp());
  project.provide("appUrl", server.url);
  return () => server.close();
}
