// Entry of a code worker thread when the runner runs on its TypeScript source: load it through
// tsx, which a worker thread does not inherit from its parent.
import { register } from "tsx/esm/api";

register();
await import("./code-worker.ts");
