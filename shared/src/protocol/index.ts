export * from "./wire.ts";
export * from "./job.ts";
export * from "./runner-messages.ts";
export * from "./hub-messages.ts";
export * from "./client-messages.ts";
export { readMessage, readMessages, type ReadResult } from "./read-message.ts";
export { quickClientMessage, quickRunnerMessage, quickSubmit, quickResult } from "./quick-message-check.ts";
