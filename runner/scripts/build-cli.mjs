/**
 * Bundles the `nexus` CLI into one JavaScript file, `runner/dist/nexus.mjs`, so that the
 * bin starts like a compiled program instead of compiling TypeScript through tsx each run.
 * Runs on `npm install` (the root `prepare` script), before `npm test` and `npm start`, and
 * from the process tests. Plain JavaScript: it must run before anything else is built.
 *
 * Bundled: our workspace packages (TypeScript source) and the pure-JS libraries they use,
 * QuickJS's JavaScript included. Left in node_modules: the QuickJS wasm variants `@jitl/*`
 * (each finds its .wasm file next to its own module, through import.meta.url) and `ws`
 * (optional native add-ons). The CLI always runs inside the repository or its npm package,
 * so those resolve from there.
 */
import { mkdirSync, readFileSync, renameSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

const runnerDir = fileURLToPath(new URL("..", import.meta.url));
export const cliBundle = join(runnerDir, "dist", "nexus.mjs");

/** Entry points of the bundle: add one here if the CLI ever needs a second file (a worker). */
const entry = join(runnerDir, "src", "cli", "process-main.ts");
const external = ["@jitl/*", "ws", "bufferutil", "utf-8-validate"];

/**
 * Builds the bundle and swaps it in atomically, so a CLI started meanwhile (or a second
 * build running in parallel) never sees half a file.
 * @example await buildCli() // → ".../runner/dist/nexus.mjs"
 */
export async function buildCli() {
  const { build } = await import("esbuild");
  const { version } = JSON.parse(readFileSync(join(runnerDir, "package.json"), "utf8"));
  const result = await build({
    entryPoints: [entry],
    bundle: true,
    write: false,
    outfile: cliBundle,
    platform: "node",
    format: "esm",
    target: "node20",
    conditions: ["source"],
    mainFields: ["module", "main"],
    external,
    define: { __NEXUS_VERSION__: JSON.stringify(version) },
    // Bundled CommonJS libraries may call require() for Node built-ins.
    banner: { js: 'import { createRequire as __nexusRequire } from "node:module"; const require = __nexusRequire(import.meta.url);' },
    legalComments: "none",
    logLevel: "warning",
  });
  mkdirSync(dirname(cliBundle), { recursive: true });
  const temp = `${cliBundle}.${process.pid}.tmp`;
  writeFileSync(temp, result.outputFiles[0].contents);
  renameSync(temp, cliBundle);
  return cliBundle;
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  try {
    await buildCli();
  } catch (error) {
    console.error(`could not build the nexus CLI (runner/dist/nexus.mjs): ${error instanceof Error ? error.message : error}`);
    process.exitCode = 1;
  }
}
