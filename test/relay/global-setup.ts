import type { TestProject } from "vitest/node";
import { startPartykitDev } from "./support/partykit-dev.ts";

declare module "vitest" {
  export interface ProvidedContext {
    /** `http://127.0.0.1:<port>` of the shared `partykit dev`. */
    relayUrl: string;
    /** `127.0.0.1:<port>`, for YPartyKitProvider. */
    relayHost: string;
    /** Its `--persist` directory, to inspect what the relay stored. */
    relayPersistDir: string;
  }
}

/** Relay suites: one real `partykit dev` for all of them (restart tests start their own). */
export default async function setup(project: TestProject) {
  const relay = await startPartykitDev();
  project.provide("relayUrl", relay.url);
  project.provide("relayHost", relay.host);
  project.provide("relayPersistDir", relay.persistDir);
  return () => relay.dispose();
}
