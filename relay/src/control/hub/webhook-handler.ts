/**
 * A call to a webhook's production URL (`/hooks/<hookId>`): checked (method, header secret or
 * HMAC-SHA256 of the body, compared in constant time), then a headless run of the flow's
 * published version, started at that webhook node (SPEC G1). `respond: result` waits for the
 * run and answers with its last node's output.
 */
import type { Flow } from "@nexus-flow/shared";
import { hmacSha256Hex } from "../auth/token-claims.ts";
import type { TeamHub } from "./team-hub.ts";
import { latestPublished } from "./published-flows.ts";

type WebhookConfig = Extract<Flow["nodes"][number], { type: "trigger.webhook" }>["config"];

const json = (status: number, body: unknown, headers: Record<string, string> = {}) => new Response(JSON.stringify(body), { status, headers: { "content-type": "application/json", ...headers } });
const refuse = (status: number, code: string, message: string) => json(status, { error: { code, message } });

export async function handleWebhook(hub: TeamHub, hookId: string, request: Request): Promise<Response> {
  const hook = hub.sql.exec<{ flow_id: string; node_id: string; active: number }>("SELECT flow_id, node_id, active FROM hooks WHERE hook_id = ?", hookId).toArray()[0];
  if (!hook?.active) return captureTest(hub, hookId, request) ?? refuse(404, "NOT_FOUND", "no webhook answers here: its flow is not published to the team (or was unpublished)");
  const published = latestPublished(hub.sql, hook.flow_id);
  const node = published?.flow.nodes.find((candidate) => candidate.id === hook.node_id);
  if (!published || node?.type !== "trigger.webhook") return refuse(404, "NOT_FOUND", "no webhook answers here");
  const config: WebhookConfig = node.config;
  const method = config.method ?? "POST";
  if (request.method !== method) return refuse(405, "METHOD_NOT_ALLOWED", `this webhook takes ${method} requests`);
  const body = await request.text();
  const denied = await checkAuth(hub, config, request, body);
  if (denied) return refuse(401, "UNAUTHORIZED", denied);
  const now = Date.now();
  const runId = hub.runs.start({ flow: published.flow, version: published.version, input: requestInput(request, body, config), startedBy: `webhook:${hook.node_id}`, trigger: "webhook", triggerNode: hook.node_id }, now);
  if ((config.respond ?? "accepted") === "accepted") return json(202, { runId });
  const result = await hub.runs.whenFinished(runId, config.timeoutMs ?? 30_000);
  if (!result) return json(504, { runId, error: { code: "TIMEOUT", message: `the run did not finish within ${config.timeoutMs ?? 30_000} ms; it goes on` } });
  if (result.status !== "succeeded") return json(500, { runId, error: result.error ?? { code: "RUN_FAILED", message: `the run ${result.status}` } }, { "x-nexus-run-id": runId });
  return json(200, result.output ?? null, { "x-nexus-run-id": runId });
}

/** The node's output: `{ method, headers, query, body }`, a JSON body parsed. */
function requestInput(request: Request, body: string, config: WebhookConfig) {
  const url = new URL(request.url);
  const skipHeaders = new Set(["authorization", (config.auth && "header" in config.auth && config.auth.header?.toLowerCase()) || ""]);
  const headers: Record<string, string> = Object.create(null);
  request.headers.forEach((value, name) => {
    if (!skipHeaders.has(name) && !name.startsWith("x-nexus-")) headers[name] = value;
  });
  const query: Record<string, string> = Object.create(null);
  url.searchParams.forEach((value, name) => (query[name] = value));
  let parsed: unknown = body;
  if ((request.headers.get("content-type") ?? "").includes("json") && body) {
    try {
      parsed = JSON.parse(body);
    } catch {
      parsed = body;
    }
  }
  return { method: request.method, headers, query, body: parsed as never };
}

async function checkAuth(hub: TeamHub, config: WebhookConfig, request: Request, body: string): Promise<string | undefined> {
  const auth = config.auth ?? { type: "none" };
  if (auth.type === "none") return undefined;
  const secret = hub.sql.exec<{ value: string }>("SELECT value FROM secrets WHERE name = ?", auth.secret).toArray()[0]?.value;
  if (!secret) return `the webhook's secret "${auth.secret}" is not set on this team (PUT /api/secrets/${auth.secret})`;
  if (auth.type === "header") {
    const header = (auth.header ?? "x-webhook-secret").toLowerCase();
    return constantTimeEqual(request.headers.get(header) ?? "", secret) ? undefined : `missing or wrong ${header} header`;
  }
  const header = (auth.header ?? "x-hub-signature-256").toLowerCase();
  const sent = (request.headers.get(header) ?? "").replace(/^sha256=/, "");
  return constantTimeEqual(sent.toLowerCase(), await hmacSha256Hex(secret, body)) ? undefined : `missing or wrong ${header} signature (HMAC-SHA256 of the body, hex)`;
}

/** Compares without stopping at the first difference, so timing says nothing about the secret. */
export function constantTimeEqual(a: string, b: string): boolean {
  const left = new TextEncoder().encode(a);
  const right = new TextEncoder().encode(b);
  let diff = left.length ^ right.length;
  for (let i = 0; i < Math.max(left.length, right.length); i++) diff |= (left[i] ?? 0) ^ (right[i] ?? 0);
  return diff === 0;
}

/** A test URL armed from the editor: captures the next request as sample data, starts no run. */
function captureTest(hub: TeamHub, hookId: string, request: Request): Promise<Response> | undefined {
  const armed = hub.sql.exec<{ expires_at: number }>("SELECT expires_at FROM test_hooks WHERE test_id = ? AND captured IS NULL", hookId).toArray()[0];
  if (!armed || armed.expires_at < Date.now()) return undefined;
  return request.text().then((body) => {
    const sample = requestInput(request, body, {});
    hub.sql.exec("UPDATE test_hooks SET captured = ? WHERE test_id = ?", JSON.stringify(sample), hookId);
    return json(200, { captured: true, message: "Nexus Flow caught this request as the webhook's sample data; no run was started" });
  });
}
