export * from "./flow-schema.ts";
export * from "./flow-issue.ts";
export * from "./compile-flow.ts";
export * from "./validate-flow.ts";
export { migrateFlowDocument, migrations, type Migration } from "./migrations.ts";
export { parseJsonText } from "./parse-json.ts";
export { decodeUtf8 } from "./decode-utf8.ts";
export { flowJsonSchema, nodeConfigJsonSchema } from "./json-schema.ts";
