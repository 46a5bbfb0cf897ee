/**
 * The app's production build for `npm start`, made only when its inputs changed: the
 * sources of app/ and shared/, the lock file, and the relay URL baked into it. Each build is
 * kept under the hash of its inputs (node_modules/.cache/nexus-app/<hash>/), so an unchanged
 * tree starts at once, two `npm start`s never serve each other's half-written files, and
 * switching between relay ports or branches finds its earlier build.
 */
import { createHash } from "node:crypto";
import { existsSync, mkdirSync, readdirSync, readFileSync, renameSync, rmSync, statSync, utimesSync, writeFileSync } from "node:fs";
import { join, relative } from "node:path";

export interface AppBuild {
  /** The directory to serve. */
  readonly dir: string;
  /** Whether this call built it (false: an earlier build of the same inputs). */
  readonly built: boolean;
}

export interface AppBuildOptions {
  readonly repoRoot: string;
  /** The collaboration relay the app connects to (`VITE_RELAY_URL`). */
  readonly relayUrl: string;
  /** Told before a build starts, which takes a while. */
  readonly onBuildStart?: (reason: string) => void;
}

/** Builds kept besides the newest (other relay ports, other branches). */
const keptBuilds = 4;
const completeMarker = ".nexus-build.json";

/** @example const { dir } = await ensureAppBuild({ repoRoot, relayUrl: "http://127.0.0.1:1999" }); */
export async function ensureAppBuild(options: AppBuildOptions): Promise<AppBuild> {
  // NEXUS_BUILD_CACHE moves the cache (the start-up benchmark times a first build with an empty one).
  const cacheRoot = process.env.NEXUS_BUILD_CACHE ?? join(options.repoRoot, "node_modules/.cache/nexus-app");
  const hash = inputsHash(options.repoRoot, options.relayUrl);
  const dir = join(cacheRoot, hash);
  if (existsSync(join(dir, completeMarker))) {
    const now = new Date();
    utimesSync(dir, now, now); // most recently used: kept by pruning
    return { dir, built: false };
  }
  options.onBuildStart?.(existsSync(cacheRoot) && readdirSync(cacheRoot).length > 0 ? "the sources changed since the last build" : "first start");
  mkdirSync(cacheRoot, { recursive: true });
  const staging = join(cacheRoot, `.staging-${process.pid}-${Date.now()}`);
  try {
    await buildInto(options.repoRoot, staging, options.relayUrl);
    writeFileSync(join(staging, completeMarker), JSON.stringify({ relayUrl: options.relayUrl, builtAt: new Date().toISOString() }) + "\n");
    if (!existsSync(dir)) renameSync(staging, dir); // else another start built the same inputs meanwhile
  } finally {
    rmSync(staging, { recursive: true, force: true });
  }
  pruneOldBuilds(cacheRoot, dir);
  return { dir, built: true };
}

/** What the build depends on, hashed: file paths and contents, and the relay URL. */
export function inputsHash(repoRoot: string, relayUrl: string): string {
  const hash = createHash("sha256");
  hash.update(`relay ${relayUrl}\n`);
  const files = [...sourceFiles(join(repoRoot, "app")), ...sourceFiles(join(repoRoot, "shared")), join(repoRoot, "package-lock.json")];
  for (const file of files.sort()) {
    if (!existsSync(file)) continue;
    hash.update(`${relative(repoRoot, file)}\n`);
    hash.update(readFileSync(file));
  }
  return hash.digest("hex").slice(0, 20);
}

/** Every file under `dir` but dependencies and build output. */
function sourceFiles(dir: string): string[] {
  const files: string[] = [];
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    if (entry.name === "node_modules" || entry.name === "dist" || entry.name.startsWith(".")) continue;
    const path = join(dir, entry.name);
    if (entry.isDirectory()) files.push(...sourceFiles(path));
    else if (entry.isFile()) files.push(path);
  }
  return files;
}

/** A production build, as users get it (service worker included), into `outDir`. */
async function buildInto(repoRoot: string, outDir: string, relayUrl: string): Promise<void> {
  const appRoot = join(repoRoot, "app");
  const saved = { nodeEnv: process.env.NODE_ENV, relay: process.env.VITE_RELAY_URL };
  // Vite reads both from the environment: production Solid and the service worker, and the relay.
  process.env.NODE_ENV = "production";
  process.env.VITE_RELAY_URL = relayUrl;
  try {
    const { build } = await import("vite"); // loaded only when building: a start with nothing to build stays fast
    await build({ root: appRoot, configFile: join(appRoot, "vite.config.ts"), mode: "production", logLevel: "warn", build: { outDir, emptyOutDir: true, rolldownOptions: { checks: { pluginTimings: false } } } });
  } finally {
    restoreEnv("NODE_ENV", saved.nodeEnv);
    restoreEnv("VITE_RELAY_URL", saved.relay);
  }
}

function restoreEnv(name: string, value: string | undefined): void {
  if (value === undefined) delete process.env[name];
  else process.env[name] = value;
}

/**
 * Keeps the newest few builds (a build in use by another start is recent, so it stays), and
 * removes what a start killed mid-build left (staging directories over an hour old).
 */
function pruneOldBuilds(cacheRoot: string, current: string): void {
  for (const name of readdirSync(cacheRoot).filter((entry) => entry.startsWith(".staging-"))) {
    const path = join(cacheRoot, name);
    if (Date.now() - statSync(path).mtimeMs > 3_600_000) rmSync(path, { recursive: true, force: true });
  }
  const builds = readdirSync(cacheRoot)
    .filter((name) => !name.startsWith("."))
    .map((name) => join(cacheRoot, name))
    .filter((path) => path !== current)
    .map((path) => ({ path, used: statSync(path).mtimeMs }))
    .sort((a, b) => b.used - a.used);
  for (const old of builds.slice(keptBuilds)) rmSync(old.path, { recursive: true, force: true });
}
