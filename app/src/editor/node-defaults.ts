import type { FlowNode, NodeType } from "@nexus-flow/shared";
import { runnerOnly } from "../team/placement.ts";

/** The config a new node starts with: valid, and showing what the node is for. */
const defaultConfigs: { [T in NodeType]: Extract<FlowNode, { type: T }>["config"] } = {
  "trigger.manual": {},
  "trigger.webhook": { method: "POST", auth: { type: "none" }, respond: "accepted" },
  "trigger.schedule": { cron: "0 9 * * 1-5", timezone: "UTC", overlap: "skip", catchUp: "none" },
  transform: { code: "// `input` is the upstream output; return this node's output.\nreturn input;" },
  condition: { expression: "input !== null" },
  merge: { mode: "all" },
  delay: { ms: 1000 },
  "http.request": { method: "GET", url: "https://example.com/" },
  approval: { message: "Approve to continue." },
  noop: {},
  "db.query": { connection: "warehouse", sql: "SELECT now() AS now WHERE $1::text IS NOT NULL", params: ["{{ input }}"] },
  "shell.exec": { command: "cat" },
  python: { code: "# `input` is the upstream output (a dict); set `output` or return a value.\noutput = input" },
  "docker.run": { image: "busybox:stable", command: ["cat"], output: "json" },
};

export function newNode(type: NodeType, id: string, position: { x: number; y: number }): FlowNode {
  // Runner-only types start on any runner: the browser could only fail them.
  return { id, type, position, config: structuredClone(defaultConfigs[type]), ...(runnerOnly(type) ? { runner: { labels: [] } } : {}) } as FlowNode;
}
