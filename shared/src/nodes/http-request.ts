import * as z from "zod/mini";
import { ErrorCode, NexusError } from "../errors/index.ts";
import type { JsonValue } from "../json.ts";
import { defineNode, NodeBehaviour, singlePorts, type NodeExecution } from "./node-definition.ts";
import type { HttpRequestData, HttpResponseData } from "./http-client.ts";
import { evaluateTemplates } from "./code-scope.ts";
import { renderJsonTemplates, renderTemplate } from "./render-template.ts";
import { parseRetryAfter } from "./retry-after.ts";
import { dict } from "../dict.ts";

const httpConfig = z.strictObject({
  method: z.optional(z.enum(["GET", "POST", "PUT", "PATCH", "DELETE", "HEAD", "OPTIONS"])),
  url: z.string().check(z.minLength(1), z.maxLength(100_000)),
  headers: z.optional(z.record(z.string(), z.string())),
  body: z.optional(z.json()),
  timeoutMs: z.optional(z.int().check(z.minimum(1), z.maximum(3_600_000))),
});
type HttpConfig = z.infer<typeof httpConfig>;

/** Calls an HTTP endpoint (SPEC rules H1–H4). */
export const httpRequest = defineNode({
  type: "http.request",
  title: "HTTP request",
  group: "Actions",
  description: "Sends an HTTP request; outputs { status, headers, body }.",
  config: httpConfig,
  behaviour: NodeBehaviour.Task,
  ...singlePorts,
  runsOn: "browser",
  execute: async (execution) => {
    const http = execution.services.http;
    if (!http) throw new NexusError({ code: ErrorCode.NoExecutor, message: "this host cannot send HTTP requests", retryable: false });
    const evaluate = await evaluateTemplates(execution, (collect) => buildRequest(execution, collect));
    const request = buildRequest(execution, evaluate);
    const response = await http(request, execution.signal);
    if (response.status < 200 || response.status > 299) throw statusError(request, response, execution.services.now());
    return { output: { status: response.status, headers: response.headers, body: parseBody(response) } };
  },
});

function buildRequest(execution: NodeExecution<HttpConfig>, evaluate: (expression: string) => JsonValue): HttpRequestData {
  const { config } = execution;
  const headers = dict<string>();
  for (const [name, value] of Object.entries(config.headers ?? {})) headers[name.toLowerCase()] = String(renderTemplate(value, evaluate));
  const method = config.method ?? "GET";
  // Only where a repeat could do something twice (H4): a header on a GET would make the browser
  // preflight it, and an API that allows any origin but answers no preflight would refuse it.
  if (!safeMethods.has(method)) headers["idempotency-key"] ??= execution.idempotencyKey;
  const request = {
    method,
    url: String(renderTemplate(config.url, evaluate)),
    headers,
    maxResponseBytes: execution.maxPayloadBytes,
    ...(config.timeoutMs ? { timeoutMs: config.timeoutMs } : {}),
  };
  if (config.body === undefined) return request;
  const body = renderJsonTemplates(config.body as JsonValue, evaluate);
  if (typeof body === "string") return { ...request, body };
  headers["content-type"] ??= "application/json";
  return { ...request, body: JSON.stringify(body) };
}

/** Methods that change nothing on the server (RFC 9110 §9.2.1): repeating them is harmless. */
const safeMethods = new Set(["GET", "HEAD", "OPTIONS"]);

function parseBody(response: HttpResponseData): JsonValue {
  const type = response.headers["content-type"] ?? "";
  if (!/\bjson\b/i.test(type) || response.bodyText === "") return response.bodyText;
  try {
    return JSON.parse(response.bodyText) as JsonValue;
  } catch {
    return response.bodyText;
  }
}

/** 429 and 5xx are the server asking us to come back later; other statuses will not change. */
function statusError(request: HttpRequestData, response: HttpResponseData, now: number): NexusError {
  const retryable = response.status === 429 || response.status >= 500;
  const retryAfterMs = parseRetryAfter(response.headers["retry-after"], now);
  const reason = response.statusText ? ` ${response.statusText}` : "";
  return new NexusError({
    code: ErrorCode.HttpStatus,
    message: `${request.method} ${request.url} returned ${response.status}${reason}`,
    retryable,
    ...(retryAfterMs === undefined ? {} : { retryAfterMs }),
  });
}
