import { readFileSync } from "node:fs";
import { resolve } from "node:path";
import { formatIssue, parseFlowFile, parseJsonText, type CompiledFlow, type JsonValue } from "@nexus-flow/shared";
import { UsageError } from "./cli-io.ts";

/** Reads and validates a flow file; every problem is reported as `FILE: path: message`. */
export function readFlowFile(cwd: string, file: string): CompiledFlow {
  const result = parseFlowFile(readText(cwd, file));
  if (result.ok) return result.compiled;
  const shown = result.issues.slice(0, maxIssues).map((issue) => `${file}: ${formatIssue(issue)}`);
  const hidden = result.issues.length - shown.length;
  throw new UsageError([...shown, ...(hidden > 0 ? [`${file}: … and ${hidden} more problems not shown (fix these first)`] : [])].join("\n"));
}

/** A file with 30,000 broken nodes would bury the terminal: the first problems are the useful ones. */
const maxIssues = 50;

/** `--input JSON` or `--input-file F`; neither means `null`. */
export function readRunInput(cwd: string, inline: string | undefined, file: string | undefined): JsonValue {
  if (inline !== undefined && file !== undefined) throw new UsageError("give --input or --input-file, not both");
  if (inline === undefined && file === undefined) return null;
  const [text, where] = inline !== undefined ? [inline, "--input"] : [readText(cwd, file!), file!];
  const parsed = parseJsonText(text);
  if (!parsed.ok) throw new UsageError(`${where}: ${parsed.message}`);
  return parsed.value as JsonValue;
}

function readText(cwd: string, file: string): string {
  try {
    return readFileSync(resolve(cwd, file), "utf8");
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    const reason = code === "ENOENT" ? "no such file" : code === "EISDIR" ? "is a directory" : (error as Error).message;
    throw new UsageError(`cannot read ${file}: ${reason}`);
  }
}
