import { readFileSync } from "node:fs";
import { resolve } from "node:path";
import { checkJson, defaultMaxPayloadBytes, formatBytes, formatIssue, formatPath, maxNestingDepth, parseFlowFile, parseJsonText, type CompiledFlow, type JsonValue } from "@nexus-flow/shared";
import { UsageError } from "./cli-io.ts";

/** Reads and validates a flow file; every problem is reported as `FILE: path: message`. */
export function readFlowFile(cwd: string, file: string): CompiledFlow {
  const result = parseFlowFile(readBytes(cwd, file));
  if (result.ok) return result.compiled;
  const shown = result.issues.slice(0, maxIssues).map((issue) => `${file}: ${formatIssue(issue)}`);
  const hidden = result.issues.length - shown.length;
  throw new UsageError([...shown, ...(hidden > 0 ? [`${file}: … and ${hidden} more problems not shown (fix these first)`] : [])].join("\n"));
}

/** A file with 30,000 broken nodes would bury the terminal: the first problems are the useful ones. */
const maxIssues = 50;

/** `--input JSON` or `--input-file F`; neither means `null`. Held to the flow's payload limits (SPEC rule B1). */
export function readRunInput(cwd: string, inline: string | undefined, file: string | undefined, maxBytes = defaultMaxPayloadBytes): JsonValue {
  if (inline !== undefined && file !== undefined) throw new UsageError("give --input or --input-file, not both");
  if (inline === undefined && file === undefined) return null;
  const [text, where] = inline !== undefined ? [inline, "--input"] : [readBytes(cwd, file!), file!];
  const parsed = parseJsonText(text);
  if (!parsed.ok) throw new UsageError(`${where}: ${parsed.message}`);
  const checked = checkJson(parsed.value);
  if (!checked.ok) throw new UsageError(`${where}: ${formatPath(["input", ...checked.path])}: nested deeper than ${maxNestingDepth} levels (the limit)`);
  if (checked.size > maxBytes) throw new UsageError(`${where}: the run input is ${formatBytes(checked.size, maxBytes)} of JSON, over the flow's payload limit of ${formatBytes(maxBytes)} (settings.maxPayloadBytes)`);
  return parsed.value as JsonValue;
}

/** Bytes, not text: the parser accepts a byte-order mark and refuses bytes that are not UTF-8. */
function readBytes(cwd: string, file: string): Uint8Array {
  try {
    return readFileSync(resolve(cwd, file));
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    const reason = code === "ENOENT" ? "no such file" : code === "EISDIR" ? "is a directory" : (error as Error).message;
    throw new UsageError(`cannot read ${file}: ${reason}`);
  }
}
