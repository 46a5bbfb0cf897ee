import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { main } from "../src/cli/main.ts";
import { tempDir } from "../../shared/test-support/temp-dirs.ts";

export interface CliRun {
  readonly code: number;
  readonly stdout: string;
  readonly stderr: string;
  /** The parsed stdout when it is JSON. */
  readonly json: any;
}

/** Runs `nexus …` in this process, in `cwd`, capturing its output. */
export async function nexus(cwd: string, ...argv: string[]): Promise<CliRun> {
  let stdout = "";
  let stderr = "";
  const code = await main(argv, { cwd, stdout: (text) => void (stdout += text), stderr: (text) => void (stderr += text) });
  let json: unknown;
  try {
    json = JSON.parse(stdout);
  } catch {
    json = undefined;
  }
  return { code, stdout, stderr, json };
}

/** A temp directory with the given files (objects are written as JSON), removed after the test file. */
export function workspace(files: Record<string, unknown> = {}): string {
  const dir = tempDir("nexus-cli-");
  for (const [name, content] of Object.entries(files)) writeFileSync(join(dir, name), typeof content === "string" ? content : JSON.stringify(content, null, 2));
  return dir;
}

/** A stack trace line, which users must never see. */
export const stackTraceLine = /^\s+at .+[:(]/m;
