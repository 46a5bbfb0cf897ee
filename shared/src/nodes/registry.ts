import type { NodeDefinition } from "./node-definition.ts";
import { approval } from "./approval.ts";
import { condition } from "./condition.ts";
import { delay } from "./delay.ts";
import { httpRequest } from "./http-request.ts";
import { merge } from "./merge.ts";
import { noop } from "./noop.ts";
import { dbQuery, dockerRun, python, shellExec } from "./runner-nodes.ts";
import { transform } from "./transform.ts";
import { triggerManual } from "./trigger-manual.ts";
import { triggerSchedule } from "./trigger-schedule.ts";
import { triggerWebhook } from "./trigger-webhook.ts";

/** Every node type a flow may use. A type not listed here is rejected by the validator. */
export const builtInNodes = [triggerManual, triggerWebhook, triggerSchedule, transform, condition, merge, delay, httpRequest, approval, noop, dbQuery, shellExec, python, dockerRun] as const;

// Stored without their config types: executors are only ever called with validated config.
const byType = new Map<string, NodeDefinition>(builtInNodes.map((definition) => [definition.type, definition as unknown as NodeDefinition]));

export function nodeDefinition(type: string): NodeDefinition | undefined {
  return byType.get(type);
}

export const nodeTypes: readonly string[] = builtInNodes.map((definition) => definition.type);
