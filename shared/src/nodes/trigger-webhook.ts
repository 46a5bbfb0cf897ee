import * as z from "zod/mini";
import { defineNode, NodeBehaviour } from "./node-definition.ts";

const secretName = z.string().check(z.regex(/^[A-Za-z0-9_.-]{1,64}$/, "a secret's name: 1–64 letters, digits, '_', '.' or '-'"));

/**
 * Starts a published flow when its URL (`/hooks/<hookId>`) is called. The secret itself never
 * sits in the flow: `auth.secret` names a team secret kept (write-only) in the hub.
 */
export const triggerWebhook = defineNode({
  type: "trigger.webhook",
  title: "Webhook",
  group: "Triggers",
  description: "Starts the published flow when its URL is called. Outputs {method, headers, query, body}.",
  config: z.strictObject({
    method: z.optional(z.enum(["GET", "POST", "PUT", "PATCH", "DELETE"])),
    auth: z.optional(
      z.discriminatedUnion("type", [
        z.strictObject({ type: z.literal("none") }),
        z.strictObject({ type: z.literal("header"), header: z.optional(z.string().check(z.maxLength(100))), secret: secretName }),
        z.strictObject({ type: z.literal("hmac"), header: z.optional(z.string().check(z.maxLength(100))), secret: secretName }),
      ]),
    ),
    respond: z.optional(z.enum(["accepted", "result"])),
    timeoutMs: z.optional(z.int().check(z.minimum(100), z.maximum(300_000))),
  }),
  behaviour: NodeBehaviour.Trigger,
  inputs: [],
  outputs: ["out"],
  defaultOutput: "out",
  runsOn: "runner",
});
