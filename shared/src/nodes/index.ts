export * from "./node-definition.ts";
export * from "./http-client.ts";
export * from "./registry.ts";
export { renderTemplate, renderJsonTemplates } from "./render-template.ts";
export { parseRetryAfter } from "./retry-after.ts";
export { dbQuery, shellExec, python, dockerRun, dockerRunDefaults, dbQueryDefaults, runnerNeeds, capabilityName, connectionNameSchema, renderQueryParams, type DbQueryConfig, type ShellExecConfig, type PythonConfig, type DockerRunConfig } from "./runner-nodes.ts";
