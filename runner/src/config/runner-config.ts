/**
 * The runner's configuration file (`nexus runner --config nexus-runner.json`, also read by
 * `nexus run --config`): named connections and what this machine allows. Secrets stay here,
 * on the runner: a flow names a connection (`warehouse`), never its URL, and the hub learns
 * only the names. `runner-config.schema.json` is generated from this schema
 * (`npm run gen:schema`).
 */
import * as z from "zod/mini";
import { connectionNameSchema } from "@nexus-flow/shared";

/** `env:NAME`, `file:PATH` (relative to the config file), or the value itself. */
const valueSource = z.string().check(z.minLength(1), z.maxLength(10_000));

const postgresConnection = z.strictObject({
  type: z.literal("postgres"),
  /** `postgres://user:password@host:5432/db`, usually as `env:NAME` or `file:PATH`. */
  url: valueSource,
  /** Most connections this runner opens to it at once. */
  poolSize: z.optional(z.int().check(z.minimum(1), z.maximum(100))),
});

/** An SMTP account notifications are mailed through (nodemailer). */
const smtpChannel = z.strictObject({
  type: z.literal("smtp"),
  host: valueSource,
  /** Default 587, or 465 with `secure`. */
  port: z.optional(z.int().check(z.minimum(1), z.maximum(65_535))),
  /** TLS from the first byte (port 465); otherwise STARTTLS when the server offers it. */
  secure: z.optional(z.boolean()),
  user: z.optional(valueSource),
  password: z.optional(valueSource),
  from: valueSource,
  to: z.array(valueSource).check(z.minLength(1), z.maxLength(50)),
});

/** A Slack incoming webhook (https://hooks.slack.com/services/…), usually as `env:NAME`. */
const slackChannel = z.strictObject({ type: z.literal("slack"), url: valueSource });

const sandboxChoice = z.optional(z.enum(["auto", "bwrap", "none"]));
const limits = {
  /** Longest a node may run, whatever it asks for. */
  timeoutMs: z.optional(z.int().check(z.minimum(100), z.maximum(7 * 24 * 3_600_000))),
  /** stdout and stderr kept per node, each; more fails the node. */
  maxOutputBytes: z.optional(z.int().check(z.minimum(1_024), z.maximum(1_073_741_824))),
  /** Let the process reach the network (off: bubblewrap gives it no network at all). */
  network: z.optional(z.boolean()),
  /** `auto`: bubblewrap when `bwrap` is installed; `bwrap`: refuse to run without it. */
  sandbox: sandboxChoice,
  /** Most processes (threads) under this runner's user while the node runs: stops fork bombs. */
  maxProcesses: z.optional(z.int().check(z.minimum(8), z.maximum(100_000))),
};

export const runnerConfigSchema = z.strictObject({
  $schema: z.optional(z.string()),
  connections: z.optional(z.record(connectionNameSchema, z.discriminatedUnion("type", [postgresConnection]))),
  /** Notification channels by name: a flow's `settings.notify.channels` names them; the hub hands the message to a runner that has the channel. */
  notifications: z.optional(z.record(connectionNameSchema, z.discriminatedUnion("type", [smtpChannel, slackChannel]))),
  docker: z.optional(
    z.strictObject({
      /** Default: on when this section is here and the Docker engine answers. */
      enabled: z.optional(z.boolean()),
      /** Globs (`*` any run of characters) an image must match, e.g. `busybox*`, `python:3.*`. None: no image runs. */
      allowedImages: z.optional(z.array(z.string().check(z.minLength(1), z.maxLength(512))).check(z.maxLength(1_000))),
      /** The engine's Unix socket; default `DOCKER_HOST`, else /var/run/docker.sock. */
      socket: z.optional(z.string().check(z.minLength(1))),
      /** Networks a node may ask for besides `none` (e.g. `host`, `bridge`). Default: none other. */
      networks: z.optional(z.array(z.string()).check(z.maxLength(100))),
      /** Longest a container may run, whatever the node asks for. */
      timeoutMs: limits.timeoutMs,
      /** stdout and stderr kept per container, each; more stops it. */
      maxOutputBytes: limits.maxOutputBytes,
    }),
  ),
  shell: z.optional(z.strictObject({ enabled: z.boolean(), ...limits })),
  python: z.optional(
    z.strictObject({
      /** Default: on when the sandbox (bubblewrap) is there. */
      enabled: z.optional(z.boolean()),
      /** The interpreter; default `python3` from PATH. */
      command: z.optional(z.string()),
      /** Address-space limit per node (RLIMIT_AS); default 512. */
      memoryMb: z.optional(z.int().check(z.minimum(16), z.maximum(65_536))),
      ...limits,
    }),
  ),
});
export type RunnerConfig = z.infer<typeof runnerConfigSchema>;
export type DockerConfig = NonNullable<RunnerConfig["docker"]>;
export type PostgresConnectionConfig = z.infer<typeof postgresConnection>;
export type SmtpChannelConfig = z.infer<typeof smtpChannel>;
export type SlackChannelConfig = z.infer<typeof slackChannel>;
export type ProcessLimits = { [K in keyof typeof limits]?: z.infer<(typeof limits)[K]> };
