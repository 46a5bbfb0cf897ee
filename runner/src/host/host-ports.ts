import type { RunEventSink, RunPorts } from "@nexus-flow/shared";
import { loadSandbox } from "../sandbox/load-quickjs.ts";
import { createFetchHttpClient, systemClock } from "@nexus-flow/shared/platform";

/** The ports a Node host lends a run: real time, QuickJS, fetch. */
export async function createHostPorts(sink: RunEventSink): Promise<RunPorts & { dispose(): void }> {
  const sandbox = await loadSandbox();
  return { clock: systemClock, sink, services: { sandbox, http: createFetchHttpClient() }, dispose: () => sandbox.dispose() };
}
