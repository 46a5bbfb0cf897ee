import type { NodeServices, RunEventSink, RunPorts } from "@nexus-flow/shared";
import { loadSandbox } from "../sandbox/load-quickjs.ts";
import { createFetchHttpClient, systemClock } from "@nexus-flow/shared/platform";

/** The ports a Node host lends a run: real time, QuickJS, fetch. */
export async function createHostPorts(sink: RunEventSink, extra: Pick<RunPorts, "executors"> & Pick<NodeServices, "log"> = {}): Promise<RunPorts & { dispose(): void }> {
  const sandbox = await loadSandbox();
  const services = { sandbox, http: createFetchHttpClient(), ...(extra.log ? { log: extra.log } : {}) };
  return { clock: systemClock, sink, services, ...(extra.executors ? { executors: extra.executors } : {}), dispose: () => sandbox.dispose() };
}
