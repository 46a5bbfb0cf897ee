/**
 * Sending the hub's notifications (issue 12) on this runner's channels: mail through an SMTP
 * account (nodemailer) and Slack incoming webhooks, both named in the runner's config with
 * their credentials (`env:` / `file:` values, read at send time so a rotated secret needs no
 * restart). The hub knows only the names (`notify:<channel>` among the runner's offers).
 */
import nodemailer from "nodemailer";
import { NexusError } from "@nexus-flow/shared";
import { notifyChannelOffer, type NotifyJobPayload } from "@nexus-flow/shared/protocol";
import { resolveValue, type LoadedRunnerConfig } from "../config/load-runner-config.ts";
import type { SlackChannelConfig, SmtpChannelConfig } from "../config/runner-config.ts";

export interface NotificationChannels {
  /** `notify:<name>` for each channel, for `hello`. */
  readonly offers: readonly string[];
  /** Sends one message; resolves with what was done, in words, or throws a retryable error when the world failed. */
  send(payload: NotifyJobPayload, signal: AbortSignal): Promise<{ sent: string }>;
}

type Message = NotifyJobPayload["message"];

/** @example createNotificationChannels(loadRunnerConfig("nexus-runner.json"), "https://relay.example.com").offers // ["notify:ops-mail"] */
export function createNotificationChannels(loaded: LoadedRunnerConfig | undefined, relayUrl: string): NotificationChannels {
  const channels = loaded?.config.notifications ?? {};
  const configFile = loaded?.file ?? "(no runner config)";
  return {
    offers: Object.keys(channels).map(notifyChannelOffer),
    async send({ channel, message }, signal) {
      const config = channels[channel];
      if (!config) throw new NexusError({ code: "NO_CHANNEL", message: `this runner has no notification channel "${channel}" in ${configFile}`, retryable: false });
      const value = (source: string) => resolveValue(source, configFile);
      const link = new URL(message.runPath, relayUrl).href;
      return config.type === "smtp" ? sendMail(config, value, message, link) : postSlack(config, value, message, link, signal);
    },
  };
}

/** The subject and text both name the flow, the failing node and the error, and link to the run. */
export function mailOf(message: Message, link: string): { subject: string; text: string } {
  const error = message.error as { nodeId?: string; code?: string; message?: string } | undefined;
  const lines = [message.text, "", `Flow: ${message.flowName} (${message.flowId})`, `Run: ${message.runId} (${message.status}${message.trigger ? `, started by ${message.trigger}` : ""})`];
  if (error?.nodeId) lines.push(`Failing node: ${error.nodeId}`);
  if (error?.message) lines.push(`Error: ${error.code ? `${error.code}: ` : ""}${error.message}`);
  if (message.count > 1) lines.push(`Failures grouped in this message: ${message.count}`);
  lines.push(`Details: ${link}`);
  return { subject: `[Nexus Flow] ${message.text}`.slice(0, 200), text: lines.join("\n") + "\n" };
}

async function sendMail(config: SmtpChannelConfig, value: (source: string) => string, message: Message, link: string): Promise<{ sent: string }> {
  const secure = config.secure ?? false;
  const transport = nodemailer.createTransport({
    host: value(config.host),
    port: config.port ?? (secure ? 465 : 587),
    secure,
    ...(config.user ? { auth: { user: value(config.user), pass: config.password ? value(config.password) : "" } } : {}),
    connectionTimeout: 15_000,
  });
  const to = config.to.map(value);
  try {
    await transport.sendMail({ from: value(config.from), to, ...mailOf(message, link) });
  } catch (error) {
    // A refused login or recipient is the config's to fix; a dropped connection may pass on the next runner.
    const code = (error as { responseCode?: number }).responseCode;
    throw new NexusError({ code: "SMTP_FAILED", message: `the SMTP server did not take the mail: ${(error as Error).message}`, retryable: code === undefined || code >= 400 && code < 500 });
  } finally {
    transport.close();
  }
  return { sent: `mailed to ${to.join(", ")}` };
}

async function postSlack(config: SlackChannelConfig, value: (source: string) => string, message: Message, link: string, signal: AbortSignal): Promise<{ sent: string }> {
  const { text } = mailOf(message, link);
  let response: Response;
  try {
    response = await fetch(value(config.url), { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify({ text }), signal });
  } catch (error) {
    throw new NexusError({ code: "SLACK_FAILED", message: `Slack's webhook cannot be reached: ${(error as Error).message}`, retryable: true });
  }
  if (!response.ok) throw new NexusError({ code: "SLACK_FAILED", message: `Slack's webhook answered ${response.status}: ${(await response.text()).slice(0, 200)}`, retryable: response.status >= 500 || response.status === 429 });
  return { sent: "posted to Slack" };
}
