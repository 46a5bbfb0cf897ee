/** Writes shared/flow.schema.json from the validator. A test fails when it is stale. */
import { writeFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { flowJsonSchema } from "../src/flow/json-schema.ts";

export const schemaFile = fileURLToPath(new URL("../flow.schema.json", import.meta.url));
export const renderSchemaFile = () => JSON.stringify(flowJsonSchema(), null, 2) + "\n";

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  writeFileSync(schemaFile, renderSchemaFile());
  console.log(`wrote ${schemaFile}`);
}
