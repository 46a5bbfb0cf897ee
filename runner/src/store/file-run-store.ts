import { closeSync, existsSync, ftruncateSync, mkdirSync, openSync, readdirSync, readFileSync, rmSync, writeFileSync, writeSync, fstatSync, readSync } from "node:fs";
import { join } from "node:path";
import { createRunLogEncoder, decodeRunLog, NexusError, resolveRunId, summarize, type RunEvent, type RunLogWriter, type RunStore, type RunSummary } from "@nexus-flow/shared";

const suffix = ".jsonl";
/** Logs this process is writing: the lock file guards against other processes only. */
const writingHere = new Set<string>();

/**
 * Run logs as JSON-lines files, one per run, in `dir` (`nexus … --state DIR`).
 *
 * Appends are synchronous `write`s: when `append` returns, the step is in the OS page cache
 * and survives the process being killed (`kill -9`), so a finished node is never run again.
 * A write torn by a kill leaves a last line without its newline; readers drop it and the next
 * writer cuts it off. A `<runId>.lock` file names the writing process, so two processes
 * never append to one run and `nexus runs` can tell a running run from an interrupted one.
 */
export function createFileRunStore(dir: string): RunStore {
  const logPath = (runId: string) => join(dir, `${checkId(runId)}${suffix}`);
  const lockPath = (runId: string) => join(dir, `${checkId(runId)}.lock`);

  return {
    async open(runId, prefix) {
      mkdirSync(dir, { recursive: true });
      const holder = writingHere.has(logPath(runId)) ? process.pid : lockHolder(lockPath(runId));
      if (holder !== undefined) {
        throw new NexusError({ code: "RUN_LOCKED", message: `run ${runId} is still running in process ${holder}`, retryable: false });
      }
      writeFileSync(lockPath(runId), String(process.pid));
      const fd = openSync(logPath(runId), "a+");
      cutTornTail(fd);
      writingHere.add(logPath(runId));
      return fileWriter(runId, fd, lockPath(runId), () => writingHere.delete(logPath(runId)), createRunLogEncoder(prefix));
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

function fileWriter(runId: string, fd: number, lock: string, onClose: () => void, encode: (event: RunEvent) => RunEvent): RunLogWriter {
  let open = true;
  return {
    append(events) {
      if (!open) throw new NexusError({ code: "RUN_CLOSED", message: `run ${runId}: log is closed`, retryable: false });
      let text = "";
      for (const event of events) text += JSON.stringify(encode(event)) + "\n"; // each output once (SPEC rule L5)
      writeSync(fd, text);
    },
    async close() {
      if (!open) return;
      open = false;
      closeSync(fd);
      rmSync(lock, { force: true });
      onClose();
    },
  };
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

function lockHolder(path: string): number | undefined {
  let pid: number;
  try {
    pid = Number(readFileSync(path, "utf8"));
  } catch {
    return undefined;
  }
  if (!Number.isInteger(pid) || pid <= 0) return undefined;
  try {
    process.kill(pid, 0);
    return pid;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === "EPERM" ? pid : undefined;
  }
}
