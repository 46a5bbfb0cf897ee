/**
 * Email and Slack notifications sent by a runner (issue 12): the runner's config names the
 * channels with their credentials (`env:` / `file:` values); the hub hands the message to the
 * runner offering `notify:<channel>` and never sees an address, a password or a webhook URL.
 * A real SMTP server (`smtp-server`) in this process receives the mail, with the password
 * read from a file; a local HTTP server receives the Slack post and the signed webhook.
 */
import { createHmac } from "node:crypto";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { SMTPServer } from "smtp-server";
import { afterAll, beforeAll, expect, it } from "vitest";
import { startTestServer } from "../../shared/test-support/test-http-server.ts";
import { eventually, freePort } from "../support/dev-process.ts";
import { call, createTeam, type TestTeam } from "./support/control-api.ts";
import { startRunner, type RunnerProcess } from "./support/runner-process.ts";
import { startWranglerDev, type WranglerDev } from "./support/wrangler-dev.ts";

interface Mail {
  readonly from: string;
  readonly to: string[];
  readonly user: string | undefined;
  readonly data: string;
}

let relay: WranglerDev;
let team: TestTeam;
let plain: RunnerProcess;
let mailer: RunnerProcess;
let http: Awaited<ReturnType<typeof startTestServer>>;
let smtp: SMTPServer;
let configDir: string;
const mails: Mail[] = [];

beforeAll(async () => {
  relay = await startWranglerDev();
  team = await createTeam(relay.url, "notify team");
  http = await startTestServer({ "/slack/T1/B2/xyz": [{ status: 200, body: "ok" }], "/hook": [{ status: 200, body: "ok" }] });
  const smtpPort = await freePort();
  smtp = new SMTPServer({
    allowInsecureAuth: true, // loopback only, no certificate in a test
    disabledCommands: ["STARTTLS"],
    onAuth: (auth, _session, done) => (auth.username === "mailer" && auth.password === "from-a-file" ? done(null, { user: auth.username }) : done(new Error("bad login"))),
    onData: (stream, session, done) => {
      let data = "";
      stream.on("data", (chunk: Buffer) => (data += chunk.toString()));
      stream.on("end", () => {
        mails.push({ from: session.envelope.mailFrom ? session.envelope.mailFrom.address : "", to: session.envelope.rcptTo.map((rcpt) => rcpt.address), user: session.user as string | undefined, data });
        done();
      });
    },
  });
  await new Promise<void>((resolve) => smtp.listen(smtpPort, "127.0.0.1", resolve));
  configDir = mkdtempSync(join(tmpdir(), "nexus-notify-"));
  writeFileSync(join(configDir, "smtp-password.txt"), "from-a-file\n");
  writeFileSync(
    join(configDir, "nexus-runner.json"),
    JSON.stringify({
      notifications: {
        "ops-mail": { type: "smtp", host: "127.0.0.1", port: smtpPort, user: "mailer", password: "file:smtp-password.txt", from: "nexus@example.test", to: ["ops@example.test", "env:ONCALL_ADDRESS"] },
        "team-slack": { type: "slack", url: "env:TEST_SLACK_WEBHOOK" },
      },
    }),
  );
  process.env.TEST_SLACK_WEBHOOK = `${http.url}/slack/T1/B2/xyz`;
  process.env.ONCALL_ADDRESS = "oncall@example.test";
  // Two runners: the flow's run may land on either, the notifications only on the one with the channels.
  plain = await startRunner(relay.url, await team.token("runner"), { name: "plain", concurrency: 2 });
  mailer = await startRunner(relay.url, await team.token("runner"), { name: "mailer", concurrency: 2, extraArgs: ["--config", join(configDir, "nexus-runner.json")] });
  await Promise.all([plain.connected(), mailer.connected()]);
  await call(relay.url, team.adminToken, "PUT", "/api/secrets/hook-key", { value: "hook-secret-1" });
});
afterAll(async () => {
  await plain?.dispose();
  await mailer?.dispose();
  await new Promise<void>((resolve) => (smtp ? smtp.close(() => resolve()) : resolve()));
  await http?.close();
  await relay?.dispose();
  if (configDir) rmSync(configDir, { recursive: true, force: true });
});

//   start ─► charge (transform: throws)
const failing = (hookUrl: string) => ({
  schemaVersion: 1,
  id: "billing",
  name: "Nightly billing",
  nodes: [
    { id: "start", type: "trigger.manual", position: { x: 0, y: 0 }, config: {} },
    { id: "charge", type: "transform", position: { x: 200, y: 0 }, config: { code: "throw new Error('card declined')" } },
  ],
  edges: [{ id: "e1", source: "start", target: "charge" }],
  settings: { notify: { on: ["failure"], channels: ["ops-mail", "team-slack"], webhooks: [{ url: hookUrl, secret: "hook-key" }] } },
});

it("a failing run is mailed through the runner's SMTP account and posted to its Slack webhook; the signed webhook still goes out; the hub holds names only", async () => {
  expect(mailer.output()).toMatch(/offering .*notify:ops-mail, notify:team-slack/);
  expect((await call(relay.url, team.adminToken, "PUT", "/api/flows/billing", failing(`${http.url}/hook`))).status).toBe(201);
  const { runId } = (await call(relay.url, team.adminToken, "POST", "/api/flows/billing/runs", {})).body;

  const mail = await eventually(() => mails[0], 30_000, "the failure mail");
  expect(mail.from).toBe("nexus@example.test");
  expect(mail.to.sort()).toEqual(["oncall@example.test", "ops@example.test"]);
  expect(mail.user).toBe("mailer"); // logged in with the password from the file
  const split = /\r?\n\r?\n/.exec(mail.data)!;
  const head = mail.data.slice(0, split.index);
  const encodedBody = mail.data.slice(split.index + split[0].length);
  expect(subjectOf(head)).toMatch(/^\[Nexus Flow\] Flow "Nightly billing" failed at node "charge": .*card declined$/);
  const body = quotedPrintable(encodedBody);
  expect(body).toContain("card declined");
  expect(body).toContain(`${relay.url}/api/runs/${runId}`);

  const slack = await eventually(() => http.requests.find((request) => request.path.startsWith("/slack/")), 30_000, "the Slack post");
  const text = (JSON.parse(slack.body) as { text: string }).text;
  expect(text).toMatch(/^Flow "Nightly billing" failed at node "charge": .*card declined/);
  expect(text).toContain(`Failing node: charge`);

  const hook = await eventually(() => http.requests.find((request) => request.path === "/hook"), 30_000, "the signed webhook");
  expect(hook.headers["x-nexus-signature-256"]).toBe(`sha256=${createHmac("sha256", "hook-secret-1").update(hook.body).digest("hex")}`);

  // The runner without the channels never took a notification job.
  expect(plain.output()).not.toMatch(/notification on/);
  expect(mailer.output()).toMatch(/notification on "ops-mail"\)[\s\S]*done/);
  // What the hub knows of the runner: the channel names, no address or URL.
  const runners = (await call(relay.url, team.adminToken, "GET", "/api/runners")).body.runners as Array<{ name: string; connections: string[] }>;
  expect(runners.find((runner) => runner.name === "mailer")!.connections.filter((name) => name.startsWith("notify:"))).toEqual(["notify:ops-mail", "notify:team-slack"]);
  expect(JSON.stringify(runners)).not.toMatch(/example.test|slack\/T1|from-a-file/);
  expect(mails).toHaveLength(1);
});

/** The Subject header, unfolded, with RFC 2047 encoded words (`=?UTF-8?Q?…?=`) decoded. */
function subjectOf(head: string): string {
  const folded = /^Subject: (.*(?:\r?\n[ \t].*)*)/m.exec(head)?.[1] ?? "";
  const unfolded = folded.replace(/\?=\r?\n[ \t]+=\?/g, "?==?").replace(/\r?\n[ \t]+/g, " ");
  return unfolded.replace(/=\?UTF-8\?Q\?(.*?)\?=/gi, (_all, text: string) => quotedPrintable(text.replace(/_/g, " ")));
}

/** Quoted-printable (RFC 2045): soft line breaks joined, `=XX` bytes decoded as UTF-8. */
function quotedPrintable(text: string): string {
  const joined = text.replace(/=\r?\n/g, "");
  return Buffer.from(joined.replace(/=([0-9A-F]{2})/gi, (_all, hex: string) => String.fromCharCode(parseInt(hex, 16))), "latin1").toString("utf8");
}
