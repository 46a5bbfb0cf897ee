import type { RunEventSink, RunPorts } from "@nexus-flow/shared";
import { loadSandbox } from "../sandbox/load-quickjs.ts";
import { fetchHttpClient } from "../ports/fetch-http-client.ts";
import { systemClock } from "../ports/system-clock.ts";

/** The ports a Node host lends a run: real time, QuickJS, fetch. */
export async function createHostPorts(sink: RunEventSink): Promise<RunPorts & { dispose(): void }> {
  const sandbox = await loadSandbox();
  return { clock: systemClock, sink, services: { sandbox, http: fetchHttpClient }, dispose: () => sandbox.dispose() };
}
