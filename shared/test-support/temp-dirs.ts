import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll } from "vitest";

/**
 * Temporary directories that a test file's suites remove when they finish, so `npm test`
 * leaves nothing in the OS temp directory. Import this module from a test file (or a
 * helper it imports): importing registers the removal with that file's `afterAll`.
 * @example const dir = tempDir("nexus-store-");
 */
const created: string[] = [];
afterAll(() => {
  for (const dir of created.splice(0)) rmSync(dir, { recursive: true, force: true });
});

export function tempDir(prefix: string): string {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  created.push(dir);
  return dir;
}
