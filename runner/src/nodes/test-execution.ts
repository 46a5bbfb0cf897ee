/** A NodeExecution for calling one executor directly in tests and benchmarks. */
import { defaultMaxPayloadBytes, type JsonValue, type NodeExecution, type NodeLogLine } from "@nexus-flow/shared";

export function testExecution<Config>(config: Config, input: JsonValue, options: { signal?: AbortSignal; lines?: NodeLogLine[]; sandbox?: NodeExecution["services"]["sandbox"] } = {}): NodeExecution<Config> {
  return {
    runId: "r1",
    nodeId: "n1",
    config,
    input,
    runInput: null,
    attempt: 1,
    idempotencyKey: "r1:n1",
    maxPayloadBytes: defaultMaxPayloadBytes,
    timeoutMs: undefined,
    signal: options.signal ?? new AbortController().signal,
    nodeOutput: () => undefined,
    services: { now: () => Date.now(), ...(options.sandbox ? { sandbox: options.sandbox } : {}), log: (line) => options.lines?.push(line) },
  };
}
