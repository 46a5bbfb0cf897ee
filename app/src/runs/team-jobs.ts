/**
 * Runner-placed nodes in a browser run (engine worker side): a node with `runner: { labels }`
 * goes to the team's hub as a job through one submitter socket per team connection
 * (`remoteNodeExecutor`, keys `runId:nodeId:attempt`, so a resumed run gets the kept result
 * instead of a second execution); every other node runs in the tab. Without a team, or
 * offline, such a node fails at once with words that say why (not retryable: waiting would
 * not help until the person acts).
 */
import { NexusError, type FlowNode, type NodeExecutor } from "@nexus-flow/shared";
import { createHubSubmitter, remoteNodeExecutor, type HubSubmitter } from "@nexus-flow/shared/platform";
import type { JobNotice } from "@nexus-flow/shared/protocol";
import { jobsSocketUrl, resolveTeam, type TeamConnection } from "../team/team-connection.ts";
import { applyNotice, type JobNote } from "./job-notes.ts";

export interface TeamJobsDeps {
  /** The connection kept in IndexedDB (settings `team`), raw. */
  readonly readKept: () => Promise<unknown>;
  /** `fetch` for `/nexus-local-team.json` (npm start's local team). */
  readonly fetchLocal: (path: string) => Promise<Response>;
  readonly online: () => boolean;
  /** Every change of a job's note, for the page's run panel. */
  readonly onNote: (note: JobNote) => void;
  readonly createSubmitter?: typeof createHubSubmitter;
}

export type ExecutorFor = (node: FlowNode) => NodeExecutor | undefined;

/**
 * @example const jobs = createTeamJobs({ readKept, fetchLocal, online: () => navigator.onLine, onNote });
 * const executorFor = await jobs.executorFor(); // before each run starts or resumes
 */
export function createTeamJobs(deps: TeamJobsDeps) {
  const notes = new Map<string, JobNote>();
  let current: { key: string; submitter: HubSubmitter } | undefined;

  const onNotice = (notice: JobNotice) => {
    if (!("key" in notice)) return;
    const note = notes.get(notice.key);
    if (!note) return;
    const next = applyNotice(note, notice);
    if (next.state === "finished") notes.delete(notice.key);
    else notes.set(notice.key, next);
    deps.onNote(next);
  };

  function submitterFor(team: TeamConnection): HubSubmitter {
    const key = `${team.relayUrl} ${team.token}`;
    if (current?.key !== key) {
      current?.submitter.close();
      current = { key, submitter: (deps.createSubmitter ?? createHubSubmitter)({ url: jobsSocketUrl(team), onNotice }) };
    }
    return current.submitter;
  }

  function remote(team: TeamConnection | undefined, node: FlowNode): NodeExecutor {
    const labels = node.runner?.labels ?? [];
    return async (execution) => {
      const where = `"${node.label ?? node.id}" runs on a runner${labels.length ? ` with labels ${labels.join(", ")}` : ""}`;
      if (!team) throw new NexusError({ code: "NO_TEAM", message: `${where}, but this browser is not connected to a team: open Team and join one with an invite link, or set "Runs on" to this browser.`, retryable: false });
      if (!deps.online()) throw new NexusError({ code: "OFFLINE", message: `${where}, but this browser is offline: the team's hub cannot be reached. Run again once online, or set "Runs on" to this browser.`, retryable: false });
      const key = `${execution.idempotencyKey}:${execution.attempt}`;
      const note: JobNote = { runId: execution.runId, nodeId: execution.nodeId, attempt: execution.attempt, labels, state: "submitted" };
      notes.set(key, note);
      deps.onNote(note);
      return remoteNodeExecutor(submitterFor(team), node)(execution);
    };
  }

  return {
    /** The executor port for a run starting now: resolves the team once per run. */
    async executorFor(): Promise<ExecutorFor> {
      const team = await resolveTeam(deps.readKept, deps.fetchLocal);
      return (node) => (node.runner ? remote(team, node) : undefined);
    },
  };
}
