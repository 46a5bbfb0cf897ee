/**
 * A runner (or `nexus run`) that crashed leaves its containers behind, labelled with their
 * owner `host:pid`. At start, a runner removes those whose owner on this host is no longer
 * alive; containers of live processes (another runner on the same engine) are left alone.
 */
import { hostname } from "node:os";
import type Docker from "dockerode";
import { jobLabel, ownerLabel } from "./docker-run.ts";

export async function removeStaleContainers(docker: Docker): Promise<string[]> {
  const found = await docker.listContainers({ all: true, filters: { label: [jobLabel] } });
  const stale = found.filter((container) => {
    const [host, pid] = (container.Labels[ownerLabel] ?? "").split(":");
    return host === hostname() && !alive(Number(pid));
  });
  await Promise.all(stale.map((container) => docker.getContainer(container.Id).remove({ force: true }).catch(() => {})));
  return stale.map((container) => container.Labels[jobLabel] ?? container.Id);
}

function alive(pid: number): boolean {
  if (!Number.isInteger(pid) || pid <= 0) return false;
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === "EPERM"; // alive, someone else's
  }
}
