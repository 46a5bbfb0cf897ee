/**
 * The `nexus` process: binds `main` to this process's streams and signals, then leaves
 * only once stdout and stderr are flushed. Writes to a pipe are asynchronous; leaving with
 * `process.exit` while they are queued cuts the output (30,000 lines became 328).
 */
import { main } from "./main.ts";
import { ExitCode, type CliIO } from "./cli-io.ts";

let interrupts = 0;
const io: CliIO = {
  stdout: (text) => void process.stdout.write(text),
  stderr: (text) => void process.stderr.write(text),
  cwd: process.cwd(),
  ...(process.stderr.isTTY && process.stderr.rows ? { rows: process.stderr.rows } : {}),
  onInterrupt(handler) {
    const onSignal = () => {
      interrupts++;
      if (interrupts > 1) process.exit(130); // a second Ctrl-C waits for nothing, not even a stuck pipe
      process.stderr.write("cancelling… (Ctrl-C again to stop at once)\n");
      handler();
    };
    process.on("SIGINT", onSignal);
    process.on("SIGTERM", onSignal);
    return () => {
      process.off("SIGINT", onSignal);
      process.off("SIGTERM", onSignal);
    };
  },
};

/** Settles when everything written so far has left this process (or the reader is gone). */
function flushed(): Promise<unknown> {
  const drain = (stream: NodeJS.WriteStream) => new Promise<void>((resolve) => (stream.writableLength === 0 && !stream.writableNeedDrain ? resolve() : stream.write("", () => resolve())));
  return Promise.all([drain(process.stdout), drain(process.stderr)]);
}

// A closed pipe (`nexus runs | head -1`) is not an error of ours: stop quietly.
for (const stream of [process.stdout, process.stderr]) stream.on("error", () => process.exit(process.exitCode ?? ExitCode.Ok));

let code: number;
try {
  code = await main(process.argv.slice(2), io);
} catch (error) {
  process.stderr.write(`internal error: ${error instanceof Error ? error.message : String(error)}\n`);
  code = ExitCode.InternalError;
}
process.exitCode = code;
await flushed();
// Open sockets (fetch keeps connections alive) or a timer left by user code must not keep
// a finished run waiting: the output is out, so leave now.
process.exit(code);
