export * from "./sandbox.ts";
export * from "./quickjs-sandbox.ts";
