import { readFileSync } from "node:fs";

/** Set by the bundler (runner/scripts/build-cli.mjs); absent when running from source. */
declare const __NEXUS_VERSION__: string | undefined;

/** The runner package's version, for `nexus --version`. */
export function cliVersion(): string {
  if (typeof __NEXUS_VERSION__ === "string") return __NEXUS_VERSION__;
  const manifest = JSON.parse(readFileSync(new URL("../../package.json", import.meta.url), "utf8")) as { version: string };
  return manifest.version;
}
