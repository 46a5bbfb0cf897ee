/** Runner node figures for `npm run bench` (issue 10): db.query overhead, python and docker.run per-node time. */
import { measureDbQuery } from "./runner-nodes-db.ts";
import { measureDocker } from "./runner-nodes-docker.ts";
import { measurePython } from "./runner-nodes-python.ts";

export interface RunnerNodeFigure {
  readonly name: string;
  readonly value: number;
  readonly unit: string;
  /** Absent: reported for reading, with no target. */
  readonly target?: number;
  readonly kind: "min" | "max";
}

export async function measureRunnerNodes(): Promise<RunnerNodeFigure[]> {
  const db = await measureDbQuery();
  const python = await measurePython();
  const docker = await measureDocker();
  return [
    { name: "db.query of one row: node overhead over a bare pg query, same pool (median)", value: db.overheadMs, unit: "ms", target: 0.5, kind: "max" },
    { name: "db.query of one row: bare pg query on that pool (median)", value: db.bareMedianMs, unit: "ms", kind: "max" },
    { name: "python `output = input`, warm, per node in bubblewrap (median)", value: python.nodeMedianMs, unit: "ms", kind: "max" },
    { name: "python3 -c of the same JSON round trip, no sandbox (median)", value: python.bareMedianMs, unit: "ms", kind: "max" },
    { name: "docker.run of `true`: node time / `docker run --rm` from the shell (medians)", value: docker.nodeMedianMs / docker.cliMedianMs, unit: "×", target: 1.0, kind: "max" },
    { name: "  docker.run of `true`, per node (median)", value: docker.nodeMedianMs, unit: "ms", kind: "max" },
    { name: "  `docker run --rm --network none` of `true` (median)", value: docker.cliMedianMs, unit: "ms", kind: "max" },
  ];
}

// `npx tsx test/bench/runner-nodes-scenarios.ts`: these figures alone.
if (process.argv[1]?.endsWith("runner-nodes-scenarios.ts")) for (const figure of await measureRunnerNodes()) console.log(`${figure.name}: ${figure.value.toFixed(3)} ${figure.unit}${figure.target === undefined ? "" : ` (target ≤ ${figure.target} ${figure.unit})`}`);
