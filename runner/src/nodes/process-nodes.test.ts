/**
 * shell.exec and python on the real thing: bubblewrap, prlimit and Debian's python3. A
 * machine without them fails here, naming what is missing.
 */
import { readdirSync, readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import type { NodeLogLine, NodeResult } from "@nexus-flow/shared";
import { detectProcessHost } from "./process-host.ts";
import { pythonExecutor, shellExecExecutor } from "./process-nodes.ts";
import { testExecution } from "./test-execution.ts";

const host = detectProcessHost();
const missing = [!host.bwrap && "bubblewrap (apt-get install bubblewrap)", !host.prlimit && "prlimit (util-linux)"].filter(Boolean);
if (missing.length) throw new Error(`these tests need ${missing.join(" and ")} on this machine`);

const shell = shellExecExecutor({ enabled: true, timeoutMs: 20_000, maxProcesses: 64 }, host, "test-runner");
const python = pythonExecutor({ timeoutMs: 20_000, memoryMb: 256, maxProcesses: 64 }, host, "test-runner");
/** Processes (not zombies) still running as `nobody`, the user sandboxed nodes run as under root, after a moment to die. */
async function sandboxedProcesses(): Promise<string[]> {
  if (process.getuid?.() !== 0) return [];
  const alive = () => readdirSync("/proc").filter((entry) => /^\d+$/.test(entry) && /^Uid:\s+65534\b/m.test(safeRead(`/proc/${entry}/status`)) && !/^State:\s+Z/m.test(safeRead(`/proc/${entry}/status`)));
  for (let i = 0; i < 20 && alive().length; i++) await new Promise((resolve) => setTimeout(resolve, 100));
  return alive();
}
const safeRead = (path: string) => {
  try {
    return readFileSync(path, "utf8");
  } catch {
    return "";
  }
};

const run = (executor: typeof shell, config: object, input: unknown = {}, lines: NodeLogLine[] = [], signal?: AbortSignal) => Promise.resolve(executor(testExecution(config, input as never, { lines, ...(signal ? { signal } : {}) }))) as Promise<NodeResult>;

describe("shell.exec", () => {
  it("gets the input as JSON on stdin and streams its lines to the log", async () => {
    const lines: NodeLogLine[] = [];
    const result = await run(shell, { command: "sh", args: ["-c", "cat; echo; echo to-stderr >&2"] }, { a: 1 }, lines);
    expect(result.output).toEqual({ exitCode: 0, stdout: '{"a":1}\n', stderr: "to-stderr\n" });
    expect(lines).toContainEqual({ nodeId: "n1", stream: "stdout", text: '{"a":1}' });
    expect(lines).toContainEqual({ nodeId: "n1", stream: "stderr", text: "to-stderr" });
  });

  it("parses stdout with output: json", async () => {
    expect((await run(shell, { command: "sh", args: ["-c", 'echo "{\\"n\\": $N}"'], env: { N: "7" }, output: "json" })).output).toEqual({ n: 7 });
  });

  it("fails with stderr's tail when the exit code is not 0", async () => {
    await expect(run(shell, { command: "sh", args: ["-c", "echo first >&2; echo last words >&2; exit 3"] })).rejects.toThrow(/sh exited with code 3:\nfirst\nlast words/);
  });

  it("is off unless the runner's config enables it", async () => {
    const off = shellExecExecutor({ enabled: false }, host, "test-runner");
    await expect(run(off, { command: "true" })).rejects.toThrow('shell.exec is off on runner test-runner: its config must say "shell": {"enabled": true}');
  });

  it("has no network unless allowed", async () => {
    await expect(run(shell, { command: "python3", args: ["-c", "import socket; socket.create_connection(('1.1.1.1', 53), timeout=2)"] })).rejects.toThrow(/Network is unreachable|OSError/);
    const interfaces = await run(shell, { command: "cat", args: ["/proc/net/dev"] });
    expect((interfaces.output as { stdout: string }).stdout).not.toMatch(/eth|ens|wlan/);
  });

  it("sees a read-only system and writes only in its scratch directory", async () => {
    const result = await run(shell, { command: "sh", args: ["-c", "echo ok > here.txt && cat here.txt && pwd"] });
    expect((result.output as { stdout: string }).stdout).toBe("ok\n/scratch\n");
    await expect(run(shell, { command: "sh", args: ["-c", "echo x > /usr/evil"] })).rejects.toThrow(/Read-only file system/);
    await expect(run(shell, { command: "ls", args: ["/root"] })).rejects.toThrow(/No such file or directory/);
  });

  it("stops at its timeout", async () => {
    const started = Date.now();
    await expect(run(shell, { command: "sleep", args: ["30"], timeoutMs: 500 })).rejects.toThrow("timed out after 500 ms");
    expect(Date.now() - started).toBeLessThan(5_000);
  });

  it("stops when its run is cancelled", async () => {
    const abort = new AbortController();
    setTimeout(() => abort.abort("cancelled by a test"), 300);
    await expect(run(shell, { command: "sleep", args: ["30"] }, {}, [], abort.signal)).rejects.toThrow("cancelled by a test");
  });

  it("survives a fork bomb: the node fails, the runner carries on", async () => {
    const bomb = "bomb() { bomb | bomb & }; bomb; sleep 30";
    await expect(run(shell, { command: "bash", args: ["-c", bomb], timeoutMs: 3_000 })).rejects.toThrow("timed out after 3000 ms");
    expect((await run(shell, { command: "echo", args: ["still fine"] })).output).toMatchObject({ stdout: "still fine\n" });
    expect(await sandboxedProcesses()).toEqual([]);
  });
});

describe("python", () => {
  it("runs the body with input in scope; output or a returned value is the result; prints go to the log", async () => {
    const lines: NodeLogLine[] = [];
    expect((await run(python, { code: "print('working')\noutput = {'doubled': input['n'] * 2}" }, { n: 21 }, lines)).output).toEqual({ doubled: 42 });
    expect(lines).toContainEqual({ nodeId: "n1", stream: "stdout", text: "working" });
    expect((await run(python, { code: "if input['n'] > 1:\n    return [1, 2]\noutput = 'small'" }, { n: 5 })).output).toEqual([1, 2]);
  });

  it("shows a traceback trimmed to the user's lines", async () => {
    const error = await run(python, { code: "x = 1\ndef f(y):\n    return y / 0\noutput = f(x)" }).catch((e: Error) => e);
    expect((error as Error).message).toBe("Traceback (most recent call last):\n  line 4, in your code\n    output = f(x)\n  line 3, in f\n    return y / 0\nZeroDivisionError: division by zero");
  });

  it("reports a syntax error with the user's line", async () => {
    await expect(run(python, { code: "a = 1\nb = = 2" })).rejects.toThrow(/SyntaxError: invalid syntax \(line 2\)/);
  });

  it("fails a memory hog at the memory limit, and the next node runs", async () => {
    await expect(run(python, { code: "block = bytearray(1024 * 1024 * 1024)\noutput = len(block)", memoryMb: 128 })).rejects.toThrow(/MemoryError/);
    expect((await run(python, { code: "output = input" }, { ok: true })).output).toEqual({ ok: true });
  });

  it("fails a fork bomb within the process limit", async () => {
    const bomb = "import os\nwhile True:\n    os.fork()";
    await expect(run(python, { code: bomb, timeoutMs: 3_000 })).rejects.toThrow(/BlockingIOError|Resource temporarily unavailable|timed out/);
    expect((await run(python, { code: "output = 1" })).output).toBe(1);
    expect(await sandboxedProcesses()).toEqual([]);
  });

  it("cannot reach the network or write outside its scratch directory", async () => {
    await expect(run(python, { code: "import socket\nsocket.create_connection(('1.1.1.1', 53), timeout=2)" })).rejects.toThrow(/OSError|Network is unreachable/);
    await expect(run(python, { code: "open('/etc/evil', 'w')" })).rejects.toThrow(/Read-only file system|Permission denied|No such file/);
    expect((await run(python, { code: "open('note.txt', 'w').write('x')\noutput = open('note.txt').read()" })).output).toBe("x");
  });
});
