import { currentSchemaVersion } from "./flow-schema.ts";
import type { FlowIssue } from "./flow-issue.ts";

/**
 * `migrations[n]` turns a schemaVersion-n document into a version n+1 one. They run in
 * order, so a file written by any earlier release opens in this one. Version 1 is the first
 * format; the first migration will be `1: (doc) => …` when version 2 ships.
 */
export type Migration = (document: Record<string, unknown>) => Record<string, unknown>;
export const migrations: Readonly<Record<number, Migration>> = {};

export type MigrationResult = { ok: true; document: unknown } | { ok: false; issues: FlowIssue[] };

/**
 * Brings a parsed flow document to the current schemaVersion.
 * @example migrateFlowDocument({ schemaVersion: 1, ... }) // { ok: true, document: same }
 */
export function migrateFlowDocument(
  document: unknown,
  steps: Readonly<Record<number, Migration>> = migrations,
  target = currentSchemaVersion,
): MigrationResult {
  if (typeof document !== "object" || document === null || Array.isArray(document)) {
    return { ok: false, issues: [{ path: "", message: "a flow file must be a JSON object" }] };
  }
  let current = document as Record<string, unknown>;
  const version = current.schemaVersion;
  if (!Number.isInteger(version)) return fail(`must be an integer schema version (this release reads ${target})`);
  if ((version as number) > target) return fail(`${version} is newer than this release understands (${target}); update Nexus Flow`);
  for (let from = version as number; from < target; from++) {
    const step = steps[from];
    if (!step) return fail(`no migration from schema version ${from}`);
    current = { ...step(current), schemaVersion: from + 1 };
  }
  return { ok: true, document: current };
}

function fail(message: string): MigrationResult {
  return { ok: false, issues: [{ path: "schemaVersion", message }] };
}
