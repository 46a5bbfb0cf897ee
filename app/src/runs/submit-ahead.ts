/**
 * The tab's side of jobs submitted ahead (PROTOCOL J6–J9): when the engine sends a runner
 * node to the hub, the runner nodes that follow it in a straight line (runner-chain.ts) go in
 * the same frame, each waiting on the one before. The hub offers each in the commit that stores
 * its predecessor's result, so a chain pays one commit per hop and never waits for the tab.
 *
 * The engine is unchanged: it still calls each node's executor in turn, with the same key,
 * and finds the job already there (J1). What this module keeps is bookkeeping: which keys were
 * sent ahead and not yet reached (their notes stay off the run panel until the engine reaches
 * them), topping the chain up as it advances, and withdrawing what is left when the run ends.
 *
 * One difference remains, by design (as with Temporal or a BullMQ flow): a node submitted ahead
 * may start on a runner a moment before the engine reaches it. A run cancelled in that moment
 * logs the node cancelled unstarted while its runner is told to stop it (J5); a job of a node
 * the run never reaches is removed unrun while it waits (J8), and withdrawn otherwise.
 */
import type { FlowNode, NodeExecution } from "@nexus-flow/shared";
import { nodeJob, type AheadJob, type HubSubmitter } from "@nexus-flow/shared/platform";
import type { JobNotice } from "@nexus-flow/shared/protocol";
import { applyNotice, type JobNote } from "./job-notes.ts";
import type { ChainLink } from "./runner-chain.ts";

/** How far ahead a chain is submitted (one frame of at most 100 messages, W5), and when it is topped up. */
export const aheadLimit = 64;
export const refillBelow = 32;

interface RunAhead {
  readonly submitter: HubSubmitter;
  /** Keys sent ahead that the engine has not reached yet. */
  readonly unclaimed: Set<string>;
}

export interface AheadBook {
  /** The jobs to send ahead with `execution`'s own (none while enough are waiting already). */
  plan(execution: NodeExecution, chain: readonly ChainLink[], labelsOf: (node: FlowNode) => readonly string[], submitter: HubSubmitter): AheadJob[];
  /** The engine reached `key`: its note so far (kept off the panel until now), if it was sent ahead. */
  claim(key: string): JobNote | undefined;
  /** A notice for a key sent ahead and not reached: folded into its hidden note. True if it was one. */
  onNotice(notice: Extract<JobNotice, { key: string }>): boolean;
  /** The run ended: what was sent ahead and never reached is cancelled (waiting jobs are removed, J8). */
  ended(runId: string): void;
}

export function createAheadBook(): AheadBook {
  const runs = new Map<string, RunAhead>();
  const hidden = new Map<string, { run: RunAhead; note: JobNote }>();

  return {
    plan(execution, chain, labelsOf, submitter) {
      const { runId } = execution;
      let run = runs.get(runId);
      if (!run || run.submitter !== submitter) runs.set(runId, (run = { submitter, unclaimed: new Set() }));
      const jobs = chain.map((link, at): { job: AheadJob; labels: readonly string[] } => {
        const labels = labelsOf(link.node);
        const job = nodeJob({ ...link.node, runner: { labels: [...labels] } } as FlowNode, { runId, nodeId: link.node.id, config: link.node.config, input: null, runInput: execution.runInput, attempt: 1, maxPayloadBytes: execution.maxPayloadBytes });
        // The first waits on this very attempt; the rest on the first attempt of the node before.
        const after = at === 0 ? `${execution.idempotencyKey}:${execution.attempt}` : `${runId}:${link.after}:1`;
        return { job: { ...job, after: { key: after, port: link.port, ...(link.defaultPort === undefined ? {} : { defaultPort: link.defaultPort }) } }, labels };
      });
      const waiting = jobs.filter(({ job }) => run.unclaimed.has(job.key)).length;
      if (waiting >= Math.min(refillBelow, jobs.length)) return [];
      const fresh = jobs.filter(({ job }) => !run.unclaimed.has(job.key));
      for (const { job, labels } of fresh) {
        run.unclaimed.add(job.key);
        const { nodeId } = job.payload as { nodeId: string };
        hidden.set(job.key, { run, note: { runId, nodeId, attempt: 1, labels, state: "submitted" } });
      }
      return fresh.map(({ job }) => job);
    },

    claim(key) {
      const entry = hidden.get(key);
      if (!entry) return undefined;
      hidden.delete(key);
      entry.run.unclaimed.delete(key);
      return entry.note;
    },

    onNotice(notice) {
      const entry = hidden.get(notice.key);
      if (!entry) return false;
      if (notice.type === "removed") {
        hidden.delete(notice.key);
        entry.run.unclaimed.delete(notice.key);
      } else entry.note = applyNotice(entry.note, notice);
      return true;
    },

    ended(runId) {
      const run = runs.get(runId);
      if (!run) return;
      runs.delete(runId);
      for (const key of run.unclaimed) hidden.delete(key);
      run.submitter.withdraw([...run.unclaimed], "the run ended before reaching this node");
    },
  };
}
