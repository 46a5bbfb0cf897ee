import { ExitCode, UsageError, type CliIO } from "../cli-io.ts";
import { readFlowFile } from "../read-input.ts";

export const validateUsage = "nexus validate FLOW.json";

/** `nexus validate FLOW.json`: exit 0, or 2 with each error and its path on stderr. */
export async function validateCommand(io: CliIO, positionals: string[]): Promise<number> {
  const [file, ...rest] = positionals;
  if (!file || rest.length) throw new UsageError(`usage: ${validateUsage}`);
  const compiled = readFlowFile(io.cwd, file);
  io.stdout(`${file}: valid (${compiled.flow.nodes.length} nodes, ${compiled.flow.edges.length} edges)\n`);
  return ExitCode.Ok;
}
