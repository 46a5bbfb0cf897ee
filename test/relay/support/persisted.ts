/**
 * What `partykit dev` wrote to its `--persist` directory (SQLite files and their WAL, one per
 * room). Yjs strings and the relay's hex hashes are stored as plain bytes there, so a byte
 * search tells whether a value reached the disk.
 */
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";

export function persistedBytes(dir: string): Buffer {
  const parts: Buffer[] = [];
  for (const entry of readdirSync(dir, { recursive: true, withFileTypes: true })) {
    if (!entry.isFile()) continue;
    try {
      parts.push(readFileSync(join(entry.parentPath, entry.name)));
    } catch {
      // A -shm or -wal file can vanish between listing and reading.
    }
  }
  return Buffer.concat(parts);
}

export function persistedContains(dir: string, needle: string): boolean {
  return persistedBytes(dir).includes(Buffer.from(needle, "utf8"));
}
