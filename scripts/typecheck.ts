/**
 * Type-checks every package against its own tsconfig. The engine's config has no DOM and no
 * Node types, which is what keeps `shared/` free of I/O.
 */
import { spawnSync } from "node:child_process";
import { existsSync } from "node:fs";

const projects = ["scripts/tsconfig.json", "shared/tsconfig.json", "shared/tsconfig.platform.json", "shared/tsconfig.test.json", "runner/tsconfig.json", "test/tsconfig.json", "app/tsconfig.json", "relay/tsconfig.json", "relay/src/control/tsconfig.json"];
let failed = false;
for (const project of projects.filter((p) => existsSync(p))) {
  const result = spawnSync("npx", ["tsc", "-p", project], { stdio: "inherit" });
  if (result.status !== 0) {
    console.error(`type errors in ${project}`);
    failed = true;
  }
}
process.exit(failed ? 1 : 0);
