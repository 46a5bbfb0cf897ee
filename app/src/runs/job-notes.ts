/**
 * What happened to a node placed on a runner, for the run panel: queued (and for which
 * labels), started on which runner, runner lost (re-offered or not), its log lines, done.
 * Plain data: built in the engine worker from the hub's job notices, sent to the page.
 */
import type { JobNotice } from "@nexus-flow/shared/protocol";

export interface JobNote {
  readonly runId: string;
  readonly nodeId: string;
  readonly attempt: number;
  readonly labels: readonly string[];
  readonly state: "submitted" | "queued" | "running" | "lost" | "finished";
  readonly runner?: string;
  /** The hub's words for why it waits (no runner with these labels online…). */
  readonly waitingFor?: string;
  /** Runners lost along the way, in order, and whether the job was offered again. */
  readonly lost?: readonly { runner: string; reoffered: boolean }[];
  /** The last log lines the runner streamed (at most `maxLogLines`). */
  readonly log?: readonly string[];
}

const maxLogLines = 50;

/**
 * The note after `notice` (a notice of another job, or one that changes nothing, returns `note`).
 * @example applyNotice(note, { type: "started", key, runner: "builder-1", epoch: 1 }).runner // "builder-1"
 */
export function applyNotice(note: JobNote, notice: JobNotice): JobNote {
  switch (notice.type) {
    case "accepted":
      // A job submitted ahead waits on the node before it (J6): not queued for a runner yet.
      if (notice.status === "waiting") return note;
      return { ...note, state: notice.status === "leased" ? "running" : notice.status === "finished" ? "finished" : "queued", ...(notice.waitingFor ? { waitingFor: notice.waitingFor } : {}) };
    case "started":
      return { ...note, state: "running", runner: notice.runner };
    case "lost":
      return { ...note, state: notice.reoffered ? "queued" : "lost", lost: [...(note.lost ?? []), { runner: notice.runner, reoffered: notice.reoffered }] };
    case "log":
      return { ...note, log: [...(note.log ?? []), ...notice.lines.map((line) => line.text)].slice(-maxLogLines) };
    case "result":
      return { ...note, state: "finished", ...(notice.runner ? { runner: notice.runner } : {}) };
    default:
      return note;
  }
}

/** The run panel's one line for a note. */
export function describeNote(note: JobNote): string {
  const labels = note.labels.length ? `labels ${note.labels.join(", ")}` : "any labels";
  const lost = note.lost?.length ? ` (runner ${note.lost.map((entry) => entry.runner).join(", ")} lost, re-offered)` : "";
  switch (note.state) {
    case "submitted":
      return `sent to the team's hub (${labels})`;
    case "queued":
      return `queued — waiting for a runner with ${labels}${lost}`;
    case "running":
      return `running on ${note.runner ?? "a runner"}${lost}`;
    case "lost":
      return `runner ${note.lost?.at(-1)?.runner ?? ""} lost`;
    case "finished":
      return `ran on ${note.runner ?? "a runner"}${lost}`;
  }
}
