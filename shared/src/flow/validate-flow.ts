import { compileFlow, type CompiledFlow } from "./compile-flow.ts";
import { flowSchema, type Flow } from "./flow-schema.ts";
import type { FlowIssue } from "./flow-issue.ts";
import { migrateFlowDocument } from "./migrations.ts";
import { parseJsonText } from "./parse-json.ts";
import { parseFlowQuickly } from "./quick-flow-parse.ts";
import { flowIssuesFromZod } from "./zod-issues.ts";
import { formatPath } from "./flow-issue.ts";
import { checkJson, maxNestingDepth } from "../json-limits.ts";

export type FlowResult = { ok: true; flow: Flow; compiled: CompiledFlow } | { ok: false; issues: FlowIssue[] };

/**
 * The one gate every flow passes at a trust boundary: migrate, check the schema, then the
 * graph. Errors come back as data with paths; nothing throws for bad input.
 * @example validateFlow(JSON.parse(text)) // { ok: true, flow, compiled }
 */
export function validateFlow(document: unknown): FlowResult {
  // The quick path answers for well-formed flows of the current version, with the nesting and
  // `__proto__` checks in the same pass (one walk of a 10,000-node document, not two); every
  // other document takes the full path, which finds the problem and words it.
  let flow = parseFlowQuickly(document);
  if (!flow) {
    const shape = shapeIssue(document);
    if (shape) return { ok: false, issues: [shape] };
    const migrated = migrateFlowDocument(document);
    if (!migrated.ok) return migrated;
    const parsed = flowSchema.safeParse(migrated.document);
    if (!parsed.success) return { ok: false, issues: flowIssuesFromZod(parsed.error, migrated.document) };
    flow = parsed.data;
  }
  const compiled = compileFlow(flow);
  return compiled.ok ? { ok: true, flow, compiled: compiled.compiled } : compiled;
}

/**
 * Validates the text (or the bytes, UTF-8) of a flow file; text that is not JSON is reported
 * with line and column, bytes that are not UTF-8 with their offset.
 * @example parseFlowFile("{") // { ok: false, issues: [{ path: "", message: "not valid JSON: … at line 1, column 2" }] }
 */
export function parseFlowFile(text: string | Uint8Array): FlowResult {
  const parsed = parseJsonText(text);
  if (!parsed.ok) return { ok: false, issues: [{ path: "", message: parsed.message }] };
  return validateFlow(parsed.value);
}

/**
 * What must be refused before the schema looks (it recurses, and drops `__proto__` keys
 * silently): nesting deeper than the limit, and `__proto__` used as a key.
 */
function shapeIssue(document: unknown): FlowIssue | undefined {
  const checked = checkJson(document, { rejectProtoKey: true });
  if (checked.ok) return undefined;
  const path = formatPath(checked.path);
  if (checked.problem === "too-deep") return { path, message: `nested deeper than ${maxNestingDepth} levels (the limit for flow files)` };
  return { path, message: `"__proto__" cannot be used as a key (JavaScript would read it as the object's prototype)` };
}
