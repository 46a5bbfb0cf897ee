/**
 * Resident memory of the workerd processes a `partykit dev` runs (its process group), read
 * from /proc: what a room costs the relay, as the operating system counts it.
 */
import { readdirSync, readFileSync } from "node:fs";
import type { PartykitDev } from "./partykit-dev.ts";

/** Sum of VmRSS, in bytes, of the `workerd` processes in the relay's process group. */
export function workerdRssBytes(relay: PartykitDev): number {
  const group = relay.processGroup();
  if (group === undefined) throw new Error("partykit dev is not running");
  let total = 0;
  for (const pid of readdirSync("/proc").filter((name) => /^\d+$/.test(name))) {
    try {
      const stat = readFileSync(`/proc/${pid}/stat`, "utf8");
      // pid (comm) state ppid pgrp …: comm may hold spaces, so read after its closing parenthesis.
      const comm = stat.slice(stat.indexOf("(") + 1, stat.lastIndexOf(")"));
      const pgrp = Number(stat.slice(stat.lastIndexOf(")") + 2).split(" ")[2]);
      if (pgrp !== group || !comm.startsWith("workerd")) continue;
      const rss = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, "utf8"));
      total += Number(rss?.[1] ?? 0) * 1024;
    } catch {
      // The process ended while being read.
    }
  }
  if (total === 0) throw new Error(`no workerd process in process group ${group}`);
  return total;
}
