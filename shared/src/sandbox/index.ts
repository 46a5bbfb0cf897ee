export * from "./sandbox.ts";
export * from "./quickjs-sandbox.ts";
export * from "./code-call.ts";
