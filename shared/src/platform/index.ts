/**
 * Port implementations for hosts with the web platform's `fetch` and timers: browsers, web
 * workers, Node and workerd alike. Not part of the engine, which never sees them.
 */
export { systemClock } from "./system-clock.ts";
export { createFetchHttpClient, type FetchHttpClientOptions } from "./fetch-http-client.ts";
export { createHubSubmitter, nodeJob, remoteNodeExecutor, type AheadJob, type HubSubmitter, type HubSubmitterOptions, type SubmitJob } from "./hub-submitter.ts";
export { createSandboxPool, type CodeWorker, type CodeWorkerEvents, type SandboxPool, type SandboxPoolOptions } from "./sandbox-pool.ts";
export type { InlineLaneOptions } from "./inline-lane.ts";
