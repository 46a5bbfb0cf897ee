/**
 * The `<runId>.lock` file of a run log: who is writing it. A lock is held only while its
 * process lives; a `kill -9` leaves the file behind, and then it is free. On Linux the
 * lock also records the process's start time, so a recycled pid does not hold it either.
 */
import { readFileSync, renameSync, writeFileSync } from "node:fs";

/** Takes the lock (the caller has checked it is free). Written aside and renamed: never half-written. */
export function writeLock(path: string): void {
  const temp = `${path}.${process.pid}.tmp`;
  writeFileSync(temp, `${process.pid} ${startTime(process.pid) ?? ""}`.trimEnd());
  renameSync(temp, path);
}

/** The pid of the live process holding the lock at `path`, or undefined when it is free. */
export function lockHolder(path: string): number | undefined {
  let text: string;
  try {
    text = readFileSync(path, "utf8");
  } catch {
    return undefined;
  }
  const [pidText, started] = text.trim().split(" ");
  const pid = Number(pidText);
  if (!Number.isInteger(pid) || pid <= 0 || !alive(pid)) return undefined;
  if (started !== undefined && startTime(pid) !== undefined && startTime(pid) !== started) return undefined; // the pid was reused
  return pid;
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === "EPERM";
  }
}

/** Field 22 of /proc/<pid>/stat (clock ticks since boot); undefined where there is no /proc. */
function startTime(pid: number): string | undefined {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, "utf8");
    return stat.slice(stat.lastIndexOf(")") + 2).split(" ")[19];
  } catch {
    return undefined;
  }
}
