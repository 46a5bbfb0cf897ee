import { existsSync, readdirSync, readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { startPartykitDev } from "./support/partykit-dev.ts";
import { createRoom } from "./support/room-client.ts";

/**
 * Whether a process of the group still runs. Killed children of `partykit` (workerd, esbuild)
 * are re-parented and may linger as zombies until reaped: those count as gone. Where there is
 * no /proc, any member counts.
 */
function groupAlive(group: number): boolean {
  if (!existsSync("/proc/self/stat")) {
    try {
      process.kill(-group, 0);
      return true;
    } catch {
      return false;
    }
  }
  return readdirSync("/proc").some((pid) => {
    if (!/^\d+$/.test(pid)) return false;
    try {
      // "pid (comm) state ppid pgrp …": comm may hold spaces, so read after the last ")".
      const [state, , pgrp] = readFileSync(`/proc/${pid}/stat`, "utf8").split(")").pop()!.trim().split(" ");
      return Number(pgrp) === group && state !== "Z";
    } catch {
      return false;
    }
  });
}

describe("the partykit dev harness", () => {
  it("kills the whole process group, restarts on the same port and state, and cleans up idempotently", async () => {
    const relay = await startPartykitDev();
    try {
      const room = await createRoom(relay.url);
      const first = relay.processGroup()!;
      await relay.kill();
      await relay.kill(); // idempotent
      expect(groupAlive(first)).toBe(false);
      await expect(fetch(relay.url)).rejects.toThrow();

      await relay.restart();
      expect(relay.processGroup()).not.toBe(first);
      const again = await fetch(`${relay.url}/parties/main/${room.roomId}`, { method: "POST", body: JSON.stringify({ editKey: "a".repeat(22), viewKey: "b".repeat(22) }) });
      expect(again.status).toBe(409); // same state directory: the room is still there
    } finally {
      const group = relay.processGroup();
      await relay.dispose();
      await relay.dispose();
      if (group !== undefined) expect(groupAlive(group)).toBe(false);
      expect(existsSync(relay.persistDir)).toBe(false);
    }
  });
});
