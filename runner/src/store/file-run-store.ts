import { closeSync, existsSync, fdatasyncSync, ftruncateSync, mkdirSync, openSync, readdirSync, readFileSync, renameSync, rmSync, writeSync, fstatSync, readSync } from "node:fs";
import { dirname, join } from "node:path";
import { createRunLogEncoder, decodeRunLog, NexusError, resolveRunId, summarize, type RunEvent, type RunLogWriter, type RunStore, type RunSummary } from "@nexus-flow/shared";
import { lockHolder, writeLock } from "./lock-file.ts";

const suffix = ".jsonl";
/** Logs this process is writing: the lock file guards against other processes only. */
const writingHere = new Set<string>();

/**
 * Run logs as JSON-lines files, one per run, in `dir` (`nexus … --state DIR`).
 *
 * Appends are synchronous `write`s: when `append` returns, the step is in the OS page cache
 * and survives the process being killed (`kill -9`), so a finished node is never run again.
 * With `durability: "fsync"` (the default) each append (one engine step, SPEC rule L4), or
 * each one `mustSync` picks, is also flushed to the disk before the step's nodes start: it
 * survives an OS crash too.
 * A write torn by a kill leaves a last line without its newline; readers drop it and the next
 * writer cuts it off. A new log appears with its first step already in it (written aside,
 * then renamed), so a kill never leaves an empty log. A `<runId>.lock` file names the
 * writing process, so two processes never append to one run and `nexus runs` can tell a
 * running run from an interrupted one; the lock of a dead process is free.
 */
export function createFileRunStore(dir: string, options: FileRunStoreOptions = {}): RunStore {
  const durable = (options.durability ?? "fsync") === "fsync";
  const mustSync = options.mustSync ?? (() => true);
  const logPath = (runId: string) => join(dir, `${checkId(runId)}${suffix}`);
  const lockPath = (runId: string) => join(dir, `${checkId(runId)}.lock`);

  return {
    async open(runId, prefix) {
      mkdirSync(dir, { recursive: true });
      const holder = writingHere.has(logPath(runId)) ? process.pid : lockHolder(lockPath(runId));
      if (holder !== undefined) {
        throw new NexusError({ code: "RUN_LOCKED", message: `run ${runId} is still running in process ${holder}`, retryable: false });
      }
      writeLock(lockPath(runId));
      writingHere.add(logPath(runId));
      return fileWriter({ runId, path: logPath(runId), lock: lockPath(runId), durable, mustSync, onClose: () => writingHere.delete(logPath(runId)), encode: createRunLogEncoder(prefix) });
    },
    async read(runId) {
      return decodeRunLog(runId, parseLog(runId, readText(logPath(runId), runId)));
    },
    async list() {
      if (!existsSync(dir)) return [];
      const summaries: RunSummary[] = [];
      for (const name of readdirSync(dir).filter((file) => file.endsWith(suffix))) {
        const runId = name.slice(0, -suffix.length);
        const events = parseLog(runId, readText(logPath(runId), runId));
        if (!events.length) continue;
        const writing = writingHere.has(logPath(runId)) || lockHolder(lockPath(runId)) !== undefined;
        summaries.push(summarize(runId, events[0]!, events[events.length - 1]!, writing));
      }
      return summaries.sort((a, b) => b.startedAt - a.startedAt);
    },
    async resolve(prefix) {
      const ids = existsSync(dir) ? readdirSync(dir).filter((file) => file.endsWith(suffix)).map((file) => file.slice(0, -suffix.length)) : [];
      return resolveRunId(prefix, ids);
    },
  };
}

export interface FileRunStoreOptions {
  /** `fsync` (default): each step reaches the disk before the run goes on; `none`: the OS flushes when it likes. */
  readonly durability?: Durability;
  /**
   * With `fsync`: which appends must be on the disk before `append` returns. Default: every
   * one. A host that knows which steps the world can observe (a request sent, an exit code)
   * may sync only those: a sync carries every earlier append with it, and `close` syncs.
   */
  readonly mustSync?: (events: readonly RunEvent[]) => boolean;
}
export type Durability = "fsync" | "none";

interface WriterSetup {
  readonly runId: string;
  readonly path: string;
  readonly lock: string;
  readonly durable: boolean;
  readonly mustSync: (events: readonly RunEvent[]) => boolean;
  readonly onClose: () => void;
  /** Writes each output once (SPEC rule L5). */
  readonly encode: (event: RunEvent) => RunEvent;
}

function fileWriter({ runId, path, lock, durable, mustSync, onClose, encode }: WriterSetup): RunLogWriter {
  let open = true;
  let unsynced = false;
  // An existing log (resume) is appended to; a new one is created by its first append.
  let fd = existsSync(path) ? openSync(path, "a+") : undefined;
  if (fd !== undefined) cutTornTail(fd);
  return {
    append(events) {
      if (!open) throw new NexusError({ code: "RUN_CLOSED", message: `run ${runId}: log is closed`, retryable: false });
      let text = "";
      for (const event of events) text += JSON.stringify(encode(event)) + "\n"; // each output once (SPEC rule L5)
      if (fd === undefined) return void (fd = createWith(path, text, durable));
      writeSync(fd, text);
      if (!durable) return;
      unsynced = !mustSync(events);
      if (!unsynced) fdatasyncSync(fd);
    },
    async close() {
      if (!open) return;
      open = false;
      if (fd !== undefined && unsynced) fdatasyncSync(fd);
      if (fd !== undefined) closeSync(fd);
      rmSync(lock, { force: true });
      onClose();
    },
  };
}

/** Writes a new log's first step beside it, then renames it into place: the log never exists empty. */
function createWith(path: string, text: string, durable: boolean): number {
  const temp = `${path}.${process.pid}.tmp`;
  const fd = openSync(temp, "w+");
  writeSync(fd, text);
  if (durable) fdatasyncSync(fd);
  renameSync(temp, path);
  if (durable) syncDirectory(dirname(path)); // the rename itself must survive a crash
  return fd;
}

function syncDirectory(dir: string): void {
  const fd = openSync(dir, "r");
  try {
    fdatasyncSync(fd);
  } finally {
    closeSync(fd);
  }
}

/** Run ids become file names: refuse anything that could leave the directory. */
function checkId(runId: string): string {
  if (!/^[\w.-]{1,128}$/.test(runId) || runId.startsWith(".")) {
    throw new NexusError({ code: "BAD_RUN_ID", message: `"${runId}" is not a valid run id`, retryable: false });
  }
  return runId;
}

function readText(path: string, runId: string): string {
  try {
    return readFileSync(path, "utf8");
  } catch {
    throw new NexusError({ code: "RUN_NOT_FOUND", message: `no run ${runId}`, retryable: false });
  }
}

function parseLog(runId: string, text: string): RunEvent[] {
  const lines = text.split("\n");
  lines.pop(); // the part after the last newline: empty, or an entry torn by a kill
  return lines.map((line, at) => {
    try {
      return JSON.parse(line) as RunEvent;
    } catch {
      throw new NexusError({ code: "CORRUPT_LOG", message: `run ${runId}: line ${at + 1} of its log is not valid JSON`, retryable: false });
    }
  });
}

function cutTornTail(fd: number): void {
  const size = fstatSync(fd).size;
  if (size === 0) return;
  const tail = Buffer.alloc(Math.min(size, 1 << 20));
  readSync(fd, tail, 0, tail.length, size - tail.length);
  if (tail[tail.length - 1] === 10) return;
  const lastNewline = tail.lastIndexOf(10);
  ftruncateSync(fd, lastNewline < 0 ? size - tail.length : size - tail.length + lastNewline + 1);
}

