#!/usr/bin/env node
// The `nexus` CLI. It runs the JavaScript bundle `runner/dist/nexus.mjs` that `npm install`
// builds (runner/scripts/build-cli.mjs); NEXUS_FROM_SOURCE=1 runs the TypeScript source
// through tsx instead, for development without rebuilding.
import { existsSync } from "node:fs";
import * as nodeModule from "node:module";
import { setFlagsFromString } from "node:v8";

// Node 22+ keeps the compiled bundle on disk between runs; Node 20 has no such cache.
nodeModule.enableCompileCache?.();

// QuickJS's interpreter loop is one huge WebAssembly function: with V8's default budget it is
// optimized (TurboFan) after a few calls, ~150 ms of CPU that a short run never earns back
// (a 2-node run spent half its CPU time on it). A larger budget still optimizes code that runs
// long. Baseline code only (--liftoff-only) would save another ~100 ms on a 10,000-transform
// run, but user code that runs for seconds would be 30-40 % slower: not a trade a user asked
// for. Set before any WebAssembly is compiled; worker threads share V8's flags.
setFlagsFromString("--wasm-tiering-budget=50000000");

if (process.env.NEXUS_FROM_SOURCE && process.env.NEXUS_FROM_SOURCE !== "0") {
  const { register } = await import("tsx/esm/api");
  register();
  await import("../src/cli/process-main.ts");
} else {
  const bundle = new URL("../dist/nexus.mjs", import.meta.url);
  if (process.env.NEXUS_DEBUG) process.setSourceMapsEnabled(true); // stack traces in TypeScript terms
  if (existsSync(bundle)) {
    await import(bundle.href);
  } else {
    const root = new URL("../..", import.meta.url).pathname;
    process.stderr.write(
      `the nexus CLI is not built yet (${bundle.pathname} is missing).\n` +
        `Build it with \`npm run build:cli\` in ${root} (npm install does it too),\n` +
        `or run it from source with NEXUS_FROM_SOURCE=1.\n`,
    );
    process.exitCode = 70;
  }
}
