/**
 * docker.run on a real Docker engine (Debian's dockerd, started by the test setup without
 * touching the host network) with a local busybox image: JSON in and out, lines streamed
 * while the container runs, the memory limit, timeout and cancel (the container is gone
 * afterwards), images the config does not allow, and a runner without Docker.
 */
import { spawnSync } from "node:child_process";
import { hostname } from "node:os";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { toErrorData, type NodeLogLine, type NodeResult } from "@nexus-flow/shared";
import { createRunnerNodes, type RunnerNodes } from "../../runner/src/nodes/runner-nodes.ts";
import { checkRunnerNodes } from "../../runner/src/nodes/check-runner-nodes.ts";
import { testExecution } from "../../runner/src/nodes/test-execution.ts";
import { eventually } from "../support/dev-process.ts";
import { containersLabelled, docker, ensureDockerEngine, testImage } from "../support/docker-engine.ts";

let nodes: RunnerNodes;
let jobs = 0;

beforeAll(async () => {
  await ensureDockerEngine();
  nodes = createRunnerNodes({ config: { docker: { allowedImages: ["nexus-test/*"], timeoutMs: 60_000 } }, file: "/etc/nexus-runner.json" }, "docker-runner");
  await nodes.start();
}, 120_000);
afterAll(() => nodes?.close());

/** Runs the docker.run executor once; each call gets its own job key, so its container can be looked up by label. */
function dockerRun(config: object, input: unknown = {}, options: { lines?: NodeLogLine[]; signal?: AbortSignal; on?: RunnerNodes } = {}) {
  const key = `t${process.pid}-${++jobs}:n1`;
  const execution = { ...testExecution({ image: testImage, ...config }, input as never, { lines: options.lines ?? [], ...(options.signal ? { signal: options.signal } : {}) }), idempotencyKey: key };
  const result = Promise.resolve((options.on ?? nodes).executors["docker.run"]!(execution)) as Promise<NodeResult>;
  return { result, label: `nexus.job=${key}:1` };
}
const failure = (promise: Promise<unknown>) => promise.then(() => expect.fail("the node should have failed"), (error: unknown) => toErrorData(error));

describe("docker.run", () => {
  it("gets the input as JSON on stdin and parses stdout as JSON (output: json); env reaches the container", async () => {
    const { result, label } = dockerRun({ command: ["sh", "-c", 'read -r line; echo "{\\"got\\": $line, \\"who\\": \\"$WHO\\"}"'], env: { WHO: "ada" }, output: "json" }, { a: [1, 2] });
    expect((await result).output).toEqual({ got: { a: [1, 2] }, who: "ada" });
    expect(await containersLabelled(label)).toEqual([]);
  });

  it("text output is { exitCode, stdout, stderr }; the container has no network by default", async () => {
    const { result } = dockerRun({ command: ["sh", "-c", "ls /sys/class/net; echo oops >&2"], stdin: "ignored" });
    expect((await result).output).toEqual({ exitCode: 0, stdout: "lo\n", stderr: "oops\n" });
  });

  it("streams stdout and stderr lines to the log while the container runs", async () => {
    const lines: NodeLogLine[] = [];
    let settled = false;
    const { result } = dockerRun({ command: ["sh", "-c", "echo one; sleep 1; echo two >&2; sleep 1; echo three"] }, {}, { lines });
    void result.finally(() => (settled = true));
    await eventually(() => (lines.length ? true : undefined), 20_000, "the first line");
    expect(settled).toBe(false);
    expect(lines[0]).toEqual({ nodeId: "n1", stream: "stdout", text: "one" });
    await result;
    expect(lines).toEqual([
      { nodeId: "n1", stream: "stdout", text: "one" },
      { nodeId: "n1", stream: "stderr", text: "two" },
      { nodeId: "n1", stream: "stdout", text: "three" },
    ]);
  });

  it("stdout that is not JSON fails the node, naming it", async () => {
    const error = await failure(dockerRun({ command: ["echo", "hello"], output: "json" }).result);
    expect(error).toMatchObject({ code: "OUTPUT_NOT_JSON", retryable: false });
    expect(error.message).toBe('docker.run "n1": the container\'s stdout is not JSON (output: json); it began with "hello\\n"');
  });

  it("a non-zero exit fails the node with the tail of stderr", async () => {
    const error = await failure(dockerRun({ command: ["sh", "-c", "echo broken >&2; exit 3"] }).result);
    expect(error).toMatchObject({ code: "PROCESS_FAILED", message: `docker.run "n1": container of ${testImage} exited with code 3:\nbroken` });
  });

  it("a command the image lacks fails the node with Docker's words", async () => {
    const error = await failure(dockerRun({ command: ["no-such-program"] }).result);
    expect(error).toMatchObject({ code: "DOCKER_ERROR", retryable: false, message: expect.stringMatching(/^docker\.run "n1": Docker said: .*"no-such-program": executable file not found/) });
  });

  it("going over the memory limit kills the container and says so", async () => {
    const { result, label } = dockerRun({ command: ["sh", "-c", "head -c 400000000 /dev/zero | tail"], memoryMb: 32 });
    expect(await failure(result)).toMatchObject({ code: "OUT_OF_MEMORY", message: 'docker.run "n1": container was killed: out of memory (limit 32 MB)' });
    expect(await containersLabelled(label)).toEqual([]);
  });

  it("a timeout stops the container, and it is removed", async () => {
    const { result, label } = dockerRun({ command: ["sleep", "30"], timeoutMs: 1_000 });
    const started = Date.now();
    expect(await failure(result)).toMatchObject({ code: "TIMEOUT", message: "timed out after 1000 ms; the container was stopped" });
    expect(Date.now() - started).toBeLessThan(15_000);
    expect(await containersLabelled(label)).toEqual([]);
  });

  it("cancel stops the container with SIGTERM first (it may clean up), then it is gone", async () => {
    const abort = new AbortController();
    const lines: NodeLogLine[] = [];
    const script = 'trap "echo got TERM; exit 0" TERM; echo ready; while true; do sleep 0.1; done';
    const { result, label } = dockerRun({ command: ["sh", "-c", script] }, {}, { lines, signal: abort.signal });
    await eventually(() => (lines.some((line) => line.text === "ready") ? true : undefined), 20_000, "the container to start");
    expect(await containersLabelled(label)).toHaveLength(1);
    abort.abort("cancelled by the test");
    expect(await failure(result)).toMatchObject({ code: "CANCELLED", message: "cancelled by the test; the container was stopped" });
    expect(lines.map((line) => line.text)).toContain("got TERM");
    expect(await containersLabelled(label)).toEqual([]);
  });

  it("refuses an image the runner's config does not allow, and a network it does not allow", async () => {
    const image = await failure(dockerRun({ image: "busybox:latest", command: ["true"] }).result);
    expect(image).toMatchObject({ code: "IMAGE_NOT_ALLOWED", retryable: false, message: 'image "busybox:latest" is not allowed on runner docker-runner: its config (/etc/nexus-runner.json) allows only "nexus-test/*" in docker.allowedImages' });
    const network = await failure(dockerRun({ command: ["true"], network: "host" }).result);
    expect(network.message).toMatch(/^network "host" is not allowed on runner docker-runner: add it to docker\.networks/);
  });

  it("with pull: never, an image that is not on the runner fails saying how to get it there", async () => {
    const error = await failure(dockerRun({ image: "nexus-test/absent:1", command: ["true"] }).result);
    expect(error).toMatchObject({ code: "IMAGE_MISSING", message: 'image "nexus-test/absent:1" is not on runner docker-runner and pull is "never": load it there (docker load, docker import), or set pull to "missing"' });
  });

  it("pull: missing tries the registry, and says so when that fails (no registry answers here)", async () => {
    const error = await failure(dockerRun({ image: "nexus-test/absent:1", command: ["true"], pull: "missing" }).result);
    expect(error).toMatchObject({ code: "IMAGE_PULL_FAILED", retryable: true, message: expect.stringMatching(/^cannot pull image "nexus-test\/absent:1" on runner docker-runner: \S/) });
  });

  it("the runner offers node:docker.run, and --check says Docker answers", async () => {
    expect(nodes.offers).toContain("node:docker.run");
    const line = (await checkRunnerNodes(nodes)).find((l) => l.text.startsWith("docker.run"));
    expect(line).toMatchObject({ ok: true, text: expect.stringMatching(/^docker\.run: on, Docker \d+\.\d+\S* at \/var\/run\/docker\.sock, images nexus-test\/\*$/) });
    const noImages = createRunnerNodes({ config: { docker: {} }, file: "x.json" }, "imageless-runner");
    await noImages.start();
    expect(noImages.offers).not.toContain("node:docker.run"); // it would refuse every docker job
  });

  it("at start, removes containers a dead owner on this host left behind, and leaves a live owner's alone", async () => {
    const dead = spawnSync("true").pid;
    const leftover = (await docker("create", "--label", "nexus.job=crashed:n1:1", "--label", `nexus.owner=${hostname()}:${dead}`, testImage, "true")).trim();
    const kept = (await docker("create", "--label", "nexus.job=live:n1:1", "--label", `nexus.owner=${hostname()}:${process.pid}`, testImage, "true")).trim();
    await createRunnerNodes({ config: { docker: { allowedImages: ["nexus-test/*"] } }, file: "x.json" }, "restarted-runner").start();
    expect(await containersLabelled("nexus.job=crashed:n1:1")).toEqual([]);
    expect(await containersLabelled("nexus.job=live:n1:1")).toEqual([kept.slice(0, 12)]);
    await docker("rm", "-f", kept, leftover).catch(() => "");
  });
});

describe("a runner without Docker", () => {
  it("does not offer node:docker.run, and the node fails saying Docker is not available on it", async () => {
    const bare = createRunnerNodes({ config: { docker: { allowedImages: ["nexus-test/*"], socket: "/tmp/nexus-no-docker.sock" } }, file: "x.json" }, "no-docker-runner");
    await bare.start();
    expect(bare.offers).not.toContain("node:docker.run");
    expect(bare.lacks({ type: "docker.run", config: { image: testImage } })).toBe(true);
    const error = await failure(dockerRun({ command: ["true"] }, {}, { on: bare }).result);
    expect(error).toMatchObject({ code: "DOCKER_UNAVAILABLE", message: "Docker is not available on runner no-docker-runner: no Docker socket at /tmp/nexus-no-docker.sock (is dockerd running?)" });
    expect((await checkRunnerNodes(bare)).find((l) => l.text.startsWith("docker.run"))).toMatchObject({ ok: false });
  });
});
