export * from "./errors/index.ts";
export * from "./json.ts";
export * from "./flow/index.ts";
export * from "./nodes/index.ts";
export * from "./engine/index.ts";
export type { Sandbox, SandboxLimits, SandboxResult, CodeScope } from "./sandbox/sandbox.ts";
export { defaultSandboxLimits } from "./sandbox/sandbox.ts";
export * from "./store/index.ts";
