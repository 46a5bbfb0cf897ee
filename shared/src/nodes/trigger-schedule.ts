import * as z from "zod/mini";
import { defineNode, NodeBehaviour } from "./node-definition.ts";

/**
 * A cron expression's shape: 5 fields, or 6 with seconds first, of the characters cron uses.
 * Checked here without a cron library (this schema ships to the browser); the hub checks each
 * one with croner when the flow is published, and answers 422 with the path if croner refuses.
 */
const cronField = /^[0-9A-Za-z*?,\-/#LW]+$/;
const cronExpression = z.string().check(
  z.refine((text) => {
    const fields = text.trim().split(/\s+/);
    return fields.length >= 5 && fields.length <= 6 && fields.every((field) => cronField.test(field));
  }, "not a cron expression: 5 fields (minute hour day month weekday) or 6 with seconds first"),
);

const timeZone = z.string().check(
  z.refine((zone) => {
    try {
      new Intl.DateTimeFormat("en", { timeZone: zone });
      return true;
    } catch {
      return false;
    }
  }, "not an IANA time zone (e.g. Europe/Berlin)"),
);

/** Starts a published flow on a schedule, from the team's hub (its alarm and a schedule table). */
export const triggerSchedule = defineNode({
  type: "trigger.schedule",
  title: "Schedule",
  group: "Triggers",
  description: "Starts the published flow on a cron schedule, in its time zone. Outputs {scheduledAt, firedAt}.",
  config: z.strictObject({
    cron: cronExpression,
    timezone: z.optional(timeZone),
    overlap: z.optional(z.enum(["skip", "buffer-one", "allow", "cancel-previous"])),
    catchUp: z.optional(z.enum(["none", "latest", "all"])),
    /** How far back `catchUp: "all"` looks (default 1 h). */
    catchUpWindowMs: z.optional(z.int().check(z.minimum(1_000), z.maximum(7 * 24 * 3600 * 1000))),
  }),
  behaviour: NodeBehaviour.Trigger,
  inputs: [],
  outputs: ["out"],
  defaultOutput: "out",
  runsOn: "runner",
});
