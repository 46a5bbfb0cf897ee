import type { TestProject } from "vitest/node";
import { buildCliForTests } from "../../runner/test-support/built-cli.ts";
import { startWranglerDev } from "./support/wrangler-dev.ts";

declare module "vitest" {
  export interface ProvidedContext {
    /** `http://127.0.0.1:<port>` of the shared `wrangler dev` running the control relay. */
    controlUrl: string;
  }
}

/** Control suites: one real `wrangler dev` (workerd) for all of them; restart tests start their own. */
export default async function setup(project: TestProject) {
  buildCliForTests(); // the runners run the CLI bundle: build it from the sources under test
  const relay = await startWranglerDev();
  project.provide("controlUrl", relay.url);
  return async () => {
    if (process.env.NEXUS_RELAY_LOG) (await import("node:fs")).writeFileSync(process.env.NEXUS_RELAY_LOG, relay.output());
    await relay.dispose();
  };
}
