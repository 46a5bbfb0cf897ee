/**
 * docker.run of `true`, warm (engine probed, dockerode loaded): node time against
 * `docker run --rm` of the same image and command from the shell, the way a user would run it
 * by hand. Both create, attach, start, wait for and remove one container; the CLI also pays
 * its own process start, which is part of what a user compares against.
 */
import { execFile } from "node:child_process";
import { promisify } from "node:util";
import { createRunnerNodes } from "../../runner/src/nodes/runner-nodes.ts";
import { testExecution } from "../../runner/src/nodes/test-execution.ts";
import { dockerCli, ensureDockerEngine, testImage } from "../support/docker-engine.ts";
import { median } from "./runner-nodes-db.ts";

const run = promisify(execFile);

export interface DockerFigures {
  readonly nodeMedianMs: number;
  readonly cliMedianMs: number;
}

export async function measureDocker(count = 15): Promise<DockerFigures> {
  await ensureDockerEngine();
  const nodes = createRunnerNodes({ config: { docker: { allowedImages: [testImage] } }, file: "bench.json" }, "bench");
  await nodes.start();
  const execute = nodes.executors["docker.run"]!;
  const node = async () => void (await execute(testExecution({ image: testImage, command: ["true"] }, {})));
  const cli = async () => void (await run(dockerCli, ["run", "--rm", "--network", "none", testImage, "true"]));
  for (let i = 0; i < 2; i++) await node(), await cli();
  const nodeTimes: number[] = [];
  const cliTimes: number[] = [];
  for (let i = 0; i < count; i++) {
    let started = performance.now();
    await cli();
    cliTimes.push(performance.now() - started);
    started = performance.now();
    await node();
    nodeTimes.push(performance.now() - started);
  }
  await nodes.close();
  return { nodeMedianMs: median(nodeTimes), cliMedianMs: median(cliTimes) };
}

if (process.argv[1]?.endsWith("runner-nodes-docker.ts")) console.log(JSON.stringify(await measureDocker()));
