#!/usr/bin/env node
// The `nexus` CLI. The workspace runs on TypeScript source, loaded through tsx.
import { register } from "tsx/esm/api";

register();
const { main } = await import("../src/cli/main.ts");

let interrupts = 0;
const io = {
  stdout: (text) => process.stdout.write(text),
  stderr: (text) => process.stderr.write(text),
  cwd: process.cwd(),
  onInterrupt(handler) {
    const onSigint = () => {
      interrupts++;
      if (interrupts > 1) process.exit(130); // a second Ctrl-C does not wait
      process.stderr.write("cancelling… (Ctrl-C again to stop at once)\n");
      handler();
    };
    process.on("SIGINT", onSigint);
    process.on("SIGTERM", onSigint);
    return () => {
      process.off("SIGINT", onSigint);
      process.off("SIGTERM", onSigint);
    };
  },
};

const code = await main(process.argv.slice(2), io);
// Flush stdout before leaving: a large --json result is written asynchronously to pipes.
process.stdout.write("", () => process.exit(code));
