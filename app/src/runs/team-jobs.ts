/**
 * Runner-placed nodes in a browser run (engine worker side): a node with `runner: { labels }`
 * (or of a runner-only type) goes to the team's hub as a job through one submitter socket per
 * team connection (`remoteNodeExecutor`, keys `runId:nodeId:attempt`, so a resumed run gets
 * the kept result instead of a second execution); every other node runs in the tab.
 *
 * Without a team the node fails at once. Offline, or with no runner online that could take it,
 * it fails at once too, with words that say why, unless the flow's "queue until a runner is
 * online" choice is on: then the job waits (the submitter reconnects, the hub queues it).
 */
import { NexusError, type Flow, type FlowNode, type NodeExecution, type NodeExecutor } from "@nexus-flow/shared";
import { createHubSubmitter, remoteNodeExecutor, type HubSubmitter } from "@nexus-flow/shared/platform";
import type { JobNotice } from "@nexus-flow/shared/protocol";
import { jobsSocketUrl, resolveTeam, type TeamConnection } from "../team/team-connection.ts";
import { placementOf } from "../team/placement.ts";
import { applyNotice, type JobNote } from "./job-notes.ts";
import { runnerChains, type ChainLink } from "./runner-chain.ts";
import { aheadLimit, createAheadBook } from "./submit-ahead.ts";

export interface TeamJobsDeps {
  /** The connection kept in IndexedDB (settings `team`), raw. */
  readonly readKept: () => Promise<unknown>;
  /** `fetch` for `/nexus-local-team.json` (npm start's local team). */
  readonly fetchLocal: (path: string) => Promise<Response>;
  readonly online: () => boolean;
  /** Whether the flow's runner nodes wait for a runner (or the network) instead of failing. */
  readonly queueUntilOnline?: (flowId: string) => Promise<boolean>;
  /** Every change of a job's note, for the page's run panel. */
  readonly onNote: (note: JobNote) => void;
  readonly createSubmitter?: typeof createHubSubmitter;
}

export type ExecutorFor = (node: FlowNode) => NodeExecutor | undefined;

/** The run an executor port is for: its flow, and the nodes it will not execute (pinned, reused). */
export interface RunPlan {
  readonly flow: Pick<Flow, "nodes" | "edges">;
  readonly fixed?: ReadonlySet<string>;
}

type ChainAfter = (nodeId: string, limit: number) => ChainLink[];

/**
 * The hub queues a job both when no runner could take it and when every able runner is busy;
 * only the first is "no runner" (job-book.ts `waitingReason`: "waiting for a runner with …" or
 * "… to connect", against "waiting for a free runner slot").
 */
export const noRunnerOnline = (waitingFor: string | undefined) => !!waitingFor && waitingFor.startsWith("waiting for a runner");

/**
 * @example const jobs = createTeamJobs({ readKept, fetchLocal, online: () => navigator.onLine, onNote });
 * const executorFor = await jobs.executorFor(flowId); // before each run starts or resumes
 */
export function createTeamJobs(deps: TeamJobsDeps) {
  const notes = new Map<string, JobNote>();
  /** Fail-fast jobs, by key: told when the hub says no runner can take them. */
  const failFast = new Map<string, (waitingFor: string) => void>();
  let current: { key: string; submitter: HubSubmitter } | undefined;
  /** Jobs submitted ahead of the engine (submit-ahead.ts). */
  const ahead = createAheadBook();

  const onNotice = (notice: JobNotice) => {
    if (!("key" in notice)) return;
    if (ahead.onNotice(notice)) return; // not reached by the engine yet: off the run panel
    if (notice.type === "accepted" && notice.status === "queued" && noRunnerOnline(notice.waitingFor)) failFast.get(notice.key)?.(notice.waitingFor!);
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

  /** Runs the job, but gives up (cancelling it at the hub) as soon as the hub says no runner is online for it. */
  function unlessNoRunner(run: NodeExecutor, execution: NodeExecution, key: string, where: string) {
    const abort = new AbortController();
    const forward = () => abort.abort(execution.signal.reason);
    execution.signal.addEventListener("abort", forward, { once: true });
    return new Promise<Awaited<ReturnType<NodeExecutor>>>((resolve, reject) => {
      failFast.set(key, (waitingFor) => {
        reject(new NexusError({ code: "NO_RUNNER", message: `${where}, but no runner that can take it is online (the hub is ${waitingFor}). Start one (Team › Add a runner), or tick "Queue until a runner is online" in the run panel and run again.`, retryable: false }));
        abort.abort("no runner is online for this node");
      });
      Promise.resolve(run({ ...execution, signal: abort.signal })).then(resolve, reject);
    }).finally(() => {
      failFast.delete(key);
      execution.signal.removeEventListener("abort", forward);
    });
  }

  function remote(team: TeamConnection | undefined, node: FlowNode, queue: boolean, chainAfter?: ChainAfter): NodeExecutor {
    const labels = placementOf(node)?.labels ?? [];
    return async (execution) => {
      const where = `"${node.label ?? node.id}" runs on a runner${labels.length ? ` with labels ${labels.join(", ")}` : ""}`;
      if (!team) throw new NexusError({ code: "NO_TEAM", message: `${where}, but this browser is not connected to a team: open Team and join one with an invite link, or set "Runs on" to this browser.`, retryable: false });
      if (!queue && !deps.online()) throw new NexusError({ code: "OFFLINE", message: `${where}, but this browser is offline: the team's hub cannot be reached. Run again once online, tick "Queue until a runner is online" to wait, or set "Runs on" to this browser.`, retryable: false });
      const key = `${execution.idempotencyKey}:${execution.attempt}`;
      const note: JobNote = ahead.claim(key) ?? { runId: execution.runId, nodeId: execution.nodeId, attempt: execution.attempt, labels, state: "submitted" };
      if (note.state !== "finished") notes.set(key, note);
      deps.onNote(note);
      const submitter = submitterFor(team);
      const chain = chainAfter && ((at: NodeExecution) => ahead.plan(at, chainAfter(at.nodeId, aheadLimit), (next) => placementOf(next)?.labels ?? [], submitter));
      const run = remoteNodeExecutor(submitter, { ...node, runner: { labels: [...labels] } } as FlowNode, chain);
      return queue ? run(execution) : unlessNoRunner(run, execution, key, where);
    };
  }

  return {
    /** The executor port for a run of `flowId` starting or resuming now: resolves the team and the flow's choice once per run. */
    async executorFor(flowId = "", plan?: RunPlan): Promise<ExecutorFor> {
      const [team, queue] = await Promise.all([resolveTeam(deps.readKept, deps.fetchLocal), deps.queueUntilOnline?.(flowId).catch(() => false) ?? false]);
      // With the run's flow known, chains of runner nodes are submitted ahead (J6).
      const chainAfter = plan && runnerChains(plan.flow, { onRunner: (node) => !!placementOf(node), ...(plan.fixed ? { fixed: plan.fixed } : {}) });
      return (node) => (placementOf(node) ? remote(team, node, queue, chainAfter) : undefined);
    },
    /** A run ended: jobs sent ahead that it never reached are withdrawn (J8 removes those still waiting). */
    runEnded(runId: string): void {
      ahead.ended(runId);
    },
  };
}
