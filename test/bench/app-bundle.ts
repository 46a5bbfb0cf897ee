import { readdirSync, readFileSync, statSync } from "node:fs";
import { join, relative } from "node:path";
import { gzipSync } from "node:zlib";

/**
 * JavaScript the app ships, gzipped: every .js file of the build (initial chunk, the engine
 * worker, lazy chunks, the service worker), source maps and the QuickJS wasm excluded.
 */
export function measureBundle(distDir: string): { totalKb: number; files: Array<{ file: string; gzipKb: number }> } {
  const files = walk(distDir)
    .filter((file) => file.endsWith(".js"))
    .map((file) => ({ file: relative(distDir, file), gzipKb: gzipSync(readFileSync(file), { level: 9 }).length / 1024 }))
    .sort((a, b) => b.gzipKb - a.gzipKb);
  return { totalKb: files.reduce((sum, file) => sum + file.gzipKb, 0), files };
}

function walk(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? walk(path) : [path];
  });
}
