/**
 * For tests that start `runner/bin/nexus.js` as a process: the bin runs the esbuild bundle,
 * so build it from the sources under test first (`beforeAll(buildCliForTests)`), or a test
 * run straight after an edit would exercise the previous build.
 */
import { execFileSync } from "node:child_process";
import { fileURLToPath } from "node:url";

export const nexusBin = fileURLToPath(new URL("../bin/nexus.js", import.meta.url));

export function buildCliForTests(): void {
  execFileSync(process.execPath, [fileURLToPath(new URL("../scripts/build-cli.mjs", import.meta.url))], { stdio: "inherit" });
}
