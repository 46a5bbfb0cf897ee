export * from "./protocol.ts";
export { readRunBroadcast } from "./read-run-broadcast.ts";
