#!/usr/bin/env node
// The `nexus` CLI. It runs the JavaScript bundle `runner/dist/nexus.mjs` that `npm install`
// builds (runner/scripts/build-cli.mjs); NEXUS_FROM_SOURCE=1 runs the TypeScript source
// through tsx instead, for development without rebuilding.
import { existsSync } from "node:fs";
import * as nodeModule from "node:module";
import { setFlagsFromString } from "node:v8";

// Node 22+ keeps the compiled bundle on disk between runs; Node 20 has no such cache.
nodeModule.enableCompileCache?.();

// QuickJS's interpreter loop is one huge WebAssembly function. With V8's dynamic tiering, its
// baseline (Liftoff) code counts a budget at every call and loop, and once spent it is optimized
// (TurboFan): ~150 ms of CPU that a short run never earns back, and a 10,000-transform run
// spends it (a 2-node run spent half its CPU time on it). A command that ends with its run keeps
// the baseline code only (--liftoff-only, no budget counting either: 10,000 small calls cost
// ~100 ms less CPU; calls on this thread are 1 ms slices anyway; code that runs for seconds in
// a worker is ~30-40 % slower than optimized). The runner agent lives for days: a large budget
// there still optimizes the code that runs long. Set before any WebAssembly is compiled;
// worker threads share V8's flags.
setFlagsFromString(process.argv[2] === "runner" ? "--wasm-tiering-budget=50000000" : "--liftoff-only");

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
