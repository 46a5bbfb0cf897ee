import * as z from "zod/mini";
import { Cron } from "croner";
import { defineNode, NodeBehaviour } from "./node-definition.ts";

/** A cron expression croner accepts: 5 fields, or 6 with seconds first. */
const cronExpression = z.string().check(
  z.refine((text) => {
    const fields = text.trim().split(/\s+/).length;
    if (fields < 5 || fields > 6) return false;
    try {
      new Cron(text, { paused: true });
      return true;
    } catch {
      return false;
    }
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
