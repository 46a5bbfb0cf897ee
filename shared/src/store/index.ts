export * from "./run-store.ts";
export { createMemoryRunStore } from "./memory-run-store.ts";
export { resolveRunId } from "./resolve-run-id.ts";
