/**
 * A quick path past zod for the two messages every job brings, a submitter's `submit` and a
 * runner's `result`: zod was ~12 % of the hub's time at 3,500 jobs/s. Like
 * `quick-flow-parse.ts`, it only ever decides "valid": it answers the message itself when it
 * is plainly well-formed (no key beyond the schema's, so zod would strip nothing), or
 * `undefined` as soon as anything is unusual, and the caller runs zod, which finds the
 * problem and words it (W2). A property test holds it to zod's answers.
 */
import type { ClientMessage } from "./client-messages.ts";
import type { RunnerMessage } from "./runner-messages.ts";

const own = Object.prototype.hasOwnProperty;
const label = /^[a-z0-9][a-z0-9._:-]{0,62}$/;

const isObject = (value: unknown): value is Record<string, unknown> => typeof value === "object" && value !== null && !Array.isArray(value);
const isString = (value: unknown, max = Infinity): value is string => typeof value === "string" && value.length <= max;
const isInt = (value: unknown, min: number, max = Number.MAX_SAFE_INTEGER): value is number => Number.isSafeInteger(value) && (value as number) >= min && (value as number) <= max;
/** Absent, or there and passing `check`. */
const optional = (record: Record<string, unknown>, key: string, check: (value: unknown) => boolean) => !own.call(record, key) || check(record[key]);
/** Every own key is one of `keys`. */
function onlyKeys(record: Record<string, unknown>, keys: ReadonlySet<string>): boolean {
  for (const key in record) if (!keys.has(key)) return false;
  return true;
}
const stringArray = (value: unknown, maxItems: number, item: (text: string) => boolean = () => true) => Array.isArray(value) && value.length <= maxItems && value.every((entry) => typeof entry === "string" && item(entry));

const SUBMIT_KEYS = new Set(["type", "key", "labels", "connections", "payload", "reofferBudget", "scheduleToStartMs", "after"]);
const AFTER_KEYS = new Set(["key", "port", "defaultPort"]);
const PAYLOAD_KEYS = new Set(["runId", "nodeId", "type", "config", "input", "runInput", "attempt", "maxPayloadBytes"]);
const RESULT_KEYS = new Set(["type", "jobId", "epoch", "outcome", "runner"]);
const OK_KEYS = new Set(["ok", "output", "port"]);
const FAILED_KEYS = new Set(["ok", "error"]);
const ERROR_KEYS = new Set(["code", "message", "retryable", "path", "retryAfterMs"]);

/** `clientMessageSchema`'s `submit`, when plainly valid. */
export function quickSubmit(value: unknown): Extract<ClientMessage, { type: "submit" }> | undefined {
  if (!isObject(value) || value.type !== "submit" || !onlyKeys(value, SUBMIT_KEYS)) return undefined;
  if (!isString(value.key, 400) || value.key.length === 0 || !stringArray(value.labels, 32, (text) => label.test(text))) return undefined;
  if (!optional(value, "connections", (connections) => stringArray(connections, 20))) return undefined;
  if (!optional(value, "reofferBudget", (budget) => isInt(budget, 0, 20)) || !optional(value, "scheduleToStartMs", (ms) => isInt(ms, 1, 7 * 24 * 3_600_000))) return undefined;
  if (!optional(value, "after", quickAfter)) return undefined;
  const payload = value.payload;
  if (!isObject(payload) || !onlyKeys(payload, PAYLOAD_KEYS) || !isString(payload.runId) || !isString(payload.nodeId) || !isString(payload.type)) return undefined;
  // zod's `unknown()` fields are required keys (any value, even null).
  if (!own.call(payload, "config") || !own.call(payload, "input") || !own.call(payload, "runInput")) return undefined;
  if (!isInt(payload.attempt, 1) || !optional(payload, "maxPayloadBytes", (bytes) => isInt(bytes, 1024))) return undefined;
  return value as Extract<ClientMessage, { type: "submit" }>;
}

/** A submit's `after` (J6), when plainly valid. */
function quickAfter(after: unknown): boolean {
  if (!isObject(after) || !onlyKeys(after, AFTER_KEYS) || !isString(after.key, 400) || after.key.length === 0) return false;
  return optional(after, "port", (port) => isString(port, 100)) && optional(after, "defaultPort", (port) => isString(port, 100));
}

/** `runnerMessageSchema`'s `result`, when plainly valid. */
export function quickResult(value: unknown): Extract<RunnerMessage, { type: "result" }> | undefined {
  if (!isObject(value) || value.type !== "result" || !onlyKeys(value, RESULT_KEYS)) return undefined;
  if (!isString(value.jobId) || !isInt(value.epoch, Number.MIN_SAFE_INTEGER) || !optional(value, "runner", (runner) => isString(runner))) return undefined;
  const outcome = value.outcome;
  if (!isObject(outcome)) return undefined;
  if (outcome.ok === true) return onlyKeys(outcome, OK_KEYS) && own.call(outcome, "output") && optional(outcome, "port", (port) => isString(port)) ? (value as Extract<RunnerMessage, { type: "result" }>) : undefined;
  const error = outcome.error;
  if (outcome.ok !== false || !onlyKeys(outcome, FAILED_KEYS) || !isObject(error) || !onlyKeys(error, ERROR_KEYS)) return undefined;
  if (!isString(error.code, 100) || !isString(error.message, 8_192) || typeof error.retryable !== "boolean") return undefined;
  if (!optional(error, "path", (path) => isString(path)) || !optional(error, "retryAfterMs", (ms) => typeof ms === "number" && Number.isFinite(ms))) return undefined;
  return value as Extract<RunnerMessage, { type: "result" }>;
}

/** The quick path for a submitter's frame messages (`submit`); zod for the rest. */
export const quickClientMessage = (value: unknown): ClientMessage | undefined => quickSubmit(value);

/** The quick path for a runner's frame messages (`result`); zod for the rest. */
export const quickRunnerMessage = (value: unknown): RunnerMessage | undefined => quickResult(value);
