export * from "./run-event.ts";
export * from "./run-state.ts";
export * from "./ports.ts";
export { startRun, resumeRun, type StartRunRequest } from "./start-run.ts";
export { planRerun, type RerunPlan } from "./plan-rerun.ts";
export type { RunHandle } from "./run-controller.ts";
export { retryDelayMs, retryDefaults } from "./retry-policy.ts";
export { nodeInput, passPort, type InputNode } from "./node-input.ts";
export { PayloadErrorCode } from "./payload-guard.ts";
