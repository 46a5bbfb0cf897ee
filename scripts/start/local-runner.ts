/**
 * One local runner attached to the local team (state in `.nexus/runner/`): it enrolls itself
 * with the local admin token on its first start, and stops with `npm start`.
 */
import { join } from "node:path";
import { startTiedProcess, type TiedProcess } from "./tied-process.ts";

export async function startLocalRunner(options: { repoRoot: string; onUnexpectedExit?: (code: number | null, output: string) => void }): Promise<TiedProcess> {
  let connected: () => void = () => {};
  const ready = new Promise<void>((resolve) => (connected = resolve));
  const tied = startTiedProcess({
    repoRoot: options.repoRoot,
    command: process.execPath,
    args: [join(options.repoRoot, "runner/bin/nexus.js"), "runner", "--name", "local", "--labels", "local", "--state-dir", ".nexus/runner"],
    onLine: (line) => /connected to the relay/.test(line) && connected(),
    ...(options.onUnexpectedExit ? { onUnexpectedExit: options.onUnexpectedExit } : {}),
  });
  const timeout = setTimeout(() => connected(), 20_000); // printing the URL does not wait on a slow runner
  await Promise.race([ready, tied.exited]);
  clearTimeout(timeout);
  return tied;
}
