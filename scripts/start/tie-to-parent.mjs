// @ts-check
/**
 * Runs a command whose life is tied to the process that started this one, however that
 * process ends (Ctrl-C, SIGTERM, or SIGKILL of its whole process group, which a dev server
 * in a group of its own would survive).
 *
 *   node tie-to-parent.mjs <command> [args…]
 *
 * The caller starts this in a process group of its own (`detached: true`) with stdin a
 * pipe. The command runs in that group. When the pipe closes (the kernel closes it when the
 * caller dies, whichever way) or this gets SIGTERM/SIGINT, the whole group is stopped:
 * SIGTERM, then SIGKILL after a grace period for anything that lingers (workerd, esbuild).
 * Plain JavaScript: it must start in milliseconds, with no TypeScript loader.
 */
import { spawn } from "node:child_process";

const [command, ...args] = process.argv.slice(2);
if (!command) {
  console.error("usage: node tie-to-parent.mjs <command> [args…]");
  process.exit(2);
}
const graceMs = Number(process.env.NEXUS_STOP_GRACE_MS ?? 3000);
const child = spawn(command, args, { stdio: ["ignore", "inherit", "inherit"] });
let stopping = false;

/** SIGTERM to the group (this process ignores it: it stays to finish the job), then SIGKILL. */
function stopGroup() {
  if (stopping) return;
  stopping = true;
  signalGroup("SIGTERM");
  setTimeout(() => signalGroup("SIGKILL"), graceMs).unref();
}

/** @param {NodeJS.Signals} signal */
function signalGroup(signal) {
  try {
    process.kill(-process.pid, signal);
  } catch {
    // the group is gone already
  }
}

process.on("SIGTERM", stopGroup);
process.on("SIGINT", stopGroup);
process.on("SIGHUP", stopGroup);
process.stdin.on("end", stopGroup);
process.stdin.on("error", stopGroup);
process.stdin.on("data", () => undefined); // read (nothing is sent) so that "end" comes
child.on("error", (error) => {
  console.error(`could not start ${command}: ${error.message}`);
  process.exit(127);
});
child.on("exit", (code, signal) => {
  // Whatever the command left behind in the group goes with it.
  if (stopping) return signalGroup("SIGKILL");
  stopping = true; // the command ended by itself: say how, after a SIGTERM to what it left
  signalGroup("SIGTERM");
  process.exit(code ?? (signal ? 128 : 1));
});
