import { readFileSync } from "node:fs";
import { dirname, resolve } from "node:path";
import { NexusError } from "@nexus-flow/shared";
import { runnerConfigSchema, type RunnerConfig } from "./runner-config.ts";

/** A config file as read: the parsed config and the directory `file:` paths are relative to. */
export interface LoadedRunnerConfig {
  readonly config: RunnerConfig;
  readonly file: string;
}

/**
 * Reads and validates a runner config file. Problems come back as one message with the path
 * of the offending value (`nexus-runner.json: connections.warehouse.url: …`).
 * @example loadRunnerConfig("/etc/nexus-runner.json").config.connections
 */
export function loadRunnerConfig(path: string): LoadedRunnerConfig {
  const file = resolve(path);
  let text: string;
  try {
    text = readFileSync(file, "utf8");
  } catch (error) {
    throw configError(`cannot read the runner config ${file}: ${(error as NodeJS.ErrnoException).code === "ENOENT" ? "no such file" : (error as Error).message}`);
  }
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch (error) {
    throw configError(`${file} is not valid JSON: ${(error as Error).message}`);
  }
  return { config: parseRunnerConfig(data, file), file };
}

export function parseRunnerConfig(data: unknown, file = "the runner config"): RunnerConfig {
  const parsed = runnerConfigSchema.safeParse(data);
  if (parsed.success) return parsed.data;
  const issue = parsed.error.issues[0]!;
  const where = issue.path.length ? `${issue.path.join(".")}: ` : "";
  // A bad record key's reason is one level down ("a connection name is …").
  const inner = (issue as { issues?: { message: string }[] }).issues?.[0]?.message;
  throw configError(`${file}: ${where}${issue.code === "invalid_key" && inner ? inner : issue.message}`);
}

/**
 * The value a config string stands for: `env:NAME` reads the environment, `file:PATH` a file
 * (trimmed; relative to the config file), anything else is the value itself.
 */
export function resolveValue(source: string, configFile: string, env: NodeJS.ProcessEnv = process.env): string {
  if (source.startsWith("env:")) {
    const name = source.slice(4);
    const value = env[name];
    if (value === undefined || value === "") throw configError(`the environment variable ${name} is not set (named in ${configFile})`);
    return value;
  }
  if (source.startsWith("file:")) {
    const path = resolve(dirname(configFile), source.slice(5));
    try {
      return readFileSync(path, "utf8").trim();
    } catch (error) {
      throw configError(`cannot read ${path} (named in ${configFile}): ${(error as Error).message}`);
    }
  }
  return source;
}

const configError = (message: string) => new NexusError({ code: "INVALID_CONFIG", message, retryable: false });
