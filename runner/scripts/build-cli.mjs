/**
 * Bundles the `nexus` CLI into one JavaScript file, `runner/dist/nexus.mjs`, so that the
 * bin starts like a compiled program instead of compiling TypeScript through tsx each run.
 * Runs on `npm install` (the root `prepare` script), before `npm test` and `npm start`, and
 * from the process tests. Plain JavaScript: it must run before anything else is built.
 *
 * Bundled: our workspace packages (TypeScript source) and the pure-JS libraries they use,
 * QuickJS's JavaScript included. Left in node_modules: the QuickJS wasm variants `@jitl/*`
 * (each finds its .wasm file next to its own module, through import.meta.url) and `ws`
 * (optional native add-ons) and `dockerode` (loaded only by docker.run; its ssh2 dependency
 * has optional native add-ons too). The CLI always runs inside the repository or its npm package,
 * so those resolve from there.
 */
import { existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";

const runnerDir = fileURLToPath(new URL("..", import.meta.url));
const distDir = join(runnerDir, "dist");
export const cliBundle = join(distDir, "nexus.mjs");

/**
 * Output name → source. Each output is self-contained. A worker thread's entry goes here
 * too, named as the code that starts it expects to find it next to the bundle
 * (`new URL("./code-worker.mjs", import.meta.url)` resolves to dist/code-worker.mjs).
 * Optional entries are built when their source exists.
 */
const entries = [
  { name: "code-worker", source: join(runnerDir, "src", "sandbox", "code-worker.ts"), optional: true },
  { name: "nexus", source: join(runnerDir, "src", "cli", "process-main.ts") }, // last: its presence means "built"
];
const external = ["@jitl/*", "ws", "bufferutil", "utf-8-validate", "dockerode"];

/**
 * Builds the bundle and swaps it in atomically, so a CLI started meanwhile (or a second
 * build running in parallel) never sees half a file.
 * @example await buildCli() // → ".../runner/dist/nexus.mjs"
 */
export async function buildCli() {
  const { build } = await import("esbuild");
  const { version } = JSON.parse(readFileSync(join(runnerDir, "package.json"), "utf8"));
  const present = entries.filter((entry) => !entry.optional || existsSync(entry.source));
  const result = await build({
    entryPoints: Object.fromEntries(present.map((entry) => [entry.name, entry.source])),
    bundle: true,
    write: false,
    outdir: distDir,
    outExtension: { ".js": ".mjs" },
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
    minifyWhitespace: true,
    minifySyntax: true,
    sourcemap: "linked", // NEXUS_DEBUG=1 turns source maps on: stack traces name the TypeScript files
    logLevel: "warning",
  });
  mkdirSync(distDir, { recursive: true });
  for (const entry of present) {
    for (const path of [join(distDir, `${entry.name}.mjs.map`), join(distDir, `${entry.name}.mjs`)]) {
      const output = result.outputFiles.find((file) => file.path === path);
      if (!output) throw new Error(`esbuild produced no ${path}`);
      const temp = `${path}.${process.pid}.tmp`;
      writeFileSync(temp, output.contents);
      renameSync(temp, path);
    }
  }
  return cliBundle;
}

// `--if-possible` (npm install's prepare): an install without devDependencies has no esbuild;
// it must not fail for that. The bin then says how to build.
if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  try {
    await buildCli();
  } catch (error) {
    const noEsbuild = error?.code === "ERR_MODULE_NOT_FOUND" && String(error.message).includes("esbuild");
    console.error(`could not build the nexus CLI (runner/dist/nexus.mjs): ${noEsbuild ? "esbuild is not installed (npm install installs it)" : error instanceof Error ? error.message : error}`);
    if (!(noEsbuild && process.argv.includes("--if-possible"))) process.exitCode = 1;
  }
}
