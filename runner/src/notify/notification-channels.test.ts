import { describe, expect, it } from "vitest";
import { parseRunnerConfig } from "../config/load-runner-config.ts";
import { createNotificationChannels, mailOf } from "./notification-channels.ts";

const message = {
  kind: "failure",
  count: 3,
  text: 'Flow "Billing" failed at node "charge": card declined (3 failures since the last message)',
  flowId: "billing",
  flowName: "Billing",
  runId: "run_1",
  status: "failed",
  trigger: "schedule",
  error: { nodeId: "charge", code: "CODE_ERROR", message: "card declined" },
  runPath: "/api/runs/run_1",
};

describe("notification channels", () => {
  it("are offered by name only, and a channel the config lacks is refused in words", async () => {
    const config = parseRunnerConfig({ notifications: { "ops-mail": { type: "smtp", host: "h", from: "a@b.c", to: ["d@e.f"] }, slack: { type: "slack", url: "env:NOPE_SLACK" } } }, "nexus-runner.json");
    const channels = createNotificationChannels({ config, file: "/etc/nexus-runner.json" }, "https://relay.example.com");
    expect(channels.offers).toEqual(["notify:ops-mail", "notify:slack"]);
    await expect(channels.send({ channel: "pager", message }, new AbortController().signal)).rejects.toThrow('this runner has no notification channel "pager" in /etc/nexus-runner.json');
    await expect(channels.send({ channel: "slack", message }, new AbortController().signal)).rejects.toThrow("the environment variable NOPE_SLACK is not set (named in /etc/nexus-runner.json)");
  });

  it("a bad channel in the config is named with its path", () => {
    expect(() => parseRunnerConfig({ notifications: { "ops-mail": { type: "smtp", host: "h", from: "a@b.c", to: [] } } }, "nexus-runner.json")).toThrow(/^nexus-runner\.json: notifications\.ops-mail\.to: /);
    expect(() => parseRunnerConfig({ notifications: { "ops mail": { type: "slack", url: "x" } } }, "nexus-runner.json")).toThrow(/a connection name is 1–64 letters/);
  });

  it("the message names the flow, the failing node, the error, the count, and links to the run", () => {
    const { subject, text } = mailOf(message, "https://relay.example.com/api/runs/run_1");
    expect(subject).toBe('[Nexus Flow] Flow "Billing" failed at node "charge": card declined (3 failures since the last message)');
    expect(text.split("\n")).toEqual(expect.arrayContaining(["Failing node: charge", "Error: CODE_ERROR: card declined", "Failures grouped in this message: 3", "Details: https://relay.example.com/api/runs/run_1", "Run: run_1 (failed, started by schedule)"]));
  });
});
