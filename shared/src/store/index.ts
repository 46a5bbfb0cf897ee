export * from "./run-store.ts";
export { createMemoryRunStore } from "./memory-run-store.ts";
export { resolveRunId } from "./resolve-run-id.ts";
export { createRunLogEncoder, decodeRunLog, minSharedBytes, type OutputSource } from "./run-log-codec.ts";
