/**
 * Bundles the `nexus` CLI into JavaScript, `runner/dist/nexus.mjs` and the chunks it loads,
 * so that the bin starts like a compiled program instead of compiling TypeScript through tsx
 * each run. Split into chunks (esbuild `splitting`): each command loads only the code it
 * uses, so `nexus run` does not parse the agent's mailer, pg or ws (one 1 MB file cost a
 * 2-node run ~80 ms of compiling alone).
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
import { existsSync, mkdirSync, readdirSync, readFileSync, renameSync, statSync, unlinkSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";

const runnerDir = fileURLToPath(new URL("..", import.meta.url));
const distDir = join(runnerDir, "dist");
export const cliBundle = join(distDir, "nexus.mjs");

/**
 * Output name → source. Entries share chunks (`chunk-<hash>.mjs`, beside them in dist/, so
 * `import.meta.url` resolves alike in every one of them). A worker thread's entry goes here
 * too, named as the code that starts it expects to find it next to the bundle
 * (`new URL("./code-worker.mjs", import.meta.url)` resolves to dist/code-worker.mjs).
 * Optional entries are built when their source exists.
 */
const entries = [
  { name: "code-worker", source: join(runnerDir, "src", "sandbox", "code-worker.ts"), optional: true },
  { name: "nexus", source: join(runnerDir, "src", "cli", "process-main.ts") }, // last: its presence means "built"
];
const external = ["@jitl/*", "ws", "bufferutil", "utf-8-validate", "dockerode"];

/** Chunks of earlier builds are removed after a day: a long-running `nexus runner` of that build may still load one. */
const STALE_CHUNK_MS = 24 * 60 * 60 * 1000;

/**
 * Builds the bundle and swaps it in file by file, chunks first and the entries last, so a CLI
 * started meanwhile (or a second build running in parallel) never sees half a file: chunk
 * names carry a content hash, so a new chunk never replaces one an older entry loads.
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
    splitting: true,
    chunkNames: "chunk-[hash]",
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
  const entryPaths = new Set(present.flatMap((entry) => [join(distDir, `${entry.name}.mjs`), join(distDir, `${entry.name}.mjs.map`)]));
  for (const path of entryPaths) if (!result.outputFiles.some((file) => file.path === path)) throw new Error(`esbuild produced no ${path}`);
  // Chunks first, then the entries in their order (nexus.mjs last: its presence means "built").
  const chunks = result.outputFiles.filter((file) => !entryPaths.has(file.path));
  const entryFiles = [...entryPaths].map((path) => result.outputFiles.find((file) => file.path === path));
  for (const output of [...chunks, ...entryFiles]) {
    const temp = `${output.path}.${process.pid}.tmp`;
    writeFileSync(temp, output.contents);
    renameSync(temp, output.path);
  }
  removeStaleChunks(new Set(chunks.map((file) => file.path)));
  return cliBundle;
}

function removeStaleChunks(current) {
  for (const name of readdirSync(distDir)) {
    const path = join(distDir, name);
    if (!name.startsWith("chunk-") || current.has(path)) continue;
    try {
      if (Date.now() - statSync(path).mtimeMs > STALE_CHUNK_MS) unlinkSync(path);
    } catch {
      // Removed meanwhile by a build running in parallel.
    }
  }
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
