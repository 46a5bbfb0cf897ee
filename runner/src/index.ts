export { main } from "./cli/main.ts";
export type { CliIO } from "./cli/cli-io.ts";
export { createFileRunStore } from "./store/file-run-store.ts";
export { loadSandbox } from "./sandbox/load-quickjs.ts";
