/**
 * Writes runner/nexus-runner.schema.json, the JSON Schema of the runner config file, from its
 * zod schema. A test fails when the file is stale (`npm run gen:schema`).
 */
import { writeFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import * as z from "zod/mini";
import { runnerConfigSchema } from "../src/config/runner-config.ts";

export const configSchemaFile = fileURLToPath(new URL("../nexus-runner.schema.json", import.meta.url));

export function renderConfigSchema(): string {
  const schema = { ...z.toJSONSchema(runnerConfigSchema, { target: "draft-2020-12", io: "input" }), $id: "https://nexus-flow.dev/schemas/nexus-runner.schema.json", title: "Nexus Flow runner config" };
  return JSON.stringify(schema, null, 2) + "\n";
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  writeFileSync(configSchemaFile, renderConfigSchema());
  console.log(`wrote ${configSchemaFile}`);
}
