import { describe, expect, it } from "vitest";
import { currentSchemaVersion } from "./flow-schema.ts";
import { migrateFlowDocument, migrations, type Migration } from "./migrations.ts";
import { validateFlow } from "./validate-flow.ts";

describe("migrateFlowDocument", () => {
  it("runs the migrations in order, one version at a time, each seeing the previous one's result", () => {
    const seen: Array<[number, unknown]> = [];
    const steps: Record<number, Migration> = {
      1: (doc) => (seen.push([1, doc.schemaVersion]), { ...doc, renamed: doc.old, old: undefined }),
      2: (doc) => (seen.push([2, doc.schemaVersion]), { ...doc, renamed: `${String(doc.renamed)}!` }),
      3: (doc) => (seen.push([3, doc.schemaVersion]), { ...doc, last: true }),
    };
    const result = migrateFlowDocument({ schemaVersion: 1, old: "x" }, steps, 4);
    expect(seen).toEqual([[1, 1], [2, 2], [3, 3]]);
    expect(result).toEqual({ ok: true, document: { schemaVersion: 4, renamed: "x!", old: undefined, last: true } });
  });

  it("starts from the document's own version", () => {
    const seen: number[] = [];
    const steps: Record<number, Migration> = { 1: (d) => (seen.push(1), d), 2: (d) => (seen.push(2), d) };
    expect(migrateFlowDocument({ schemaVersion: 2 }, steps, 3)).toEqual({ ok: true, document: { schemaVersion: 3 } });
    expect(seen).toEqual([2]);
  });

  it("does not mutate the input document", () => {
    const input = { schemaVersion: 1, a: 1 };
    migrateFlowDocument(input, { 1: (d) => ({ ...d, a: 2 }) }, 2);
    expect(input).toEqual({ schemaVersion: 1, a: 1 });
  });

  it("refuses a document from a future version", () => {
    expect(migrateFlowDocument({ schemaVersion: 5 }, {}, 4)).toEqual({
      ok: false,
      issues: [{ path: "schemaVersion", message: "5 is newer than this release understands (4); update Nexus Flow" }],
    });
    expect(validateFlow({ schemaVersion: currentSchemaVersion + 1, id: "f", name: "f", nodes: [], edges: [] })).toMatchObject({ ok: false, issues: [{ path: "schemaVersion" }] });
  });

  it("refuses a version with no migration path", () => {
    expect(migrateFlowDocument({ schemaVersion: 1 }, { 2: (d) => d }, 3)).toEqual({ ok: false, issues: [{ path: "schemaVersion", message: "no migration from schema version 1" }] });
  });

  it("refuses a missing or non-integer version, and a document that is not an object", () => {
    for (const version of [undefined, "1", 1.5, null]) {
      expect(migrateFlowDocument({ schemaVersion: version }), String(version)).toMatchObject({ ok: false, issues: [{ path: "schemaVersion", message: expect.stringMatching(/integer schema version/) }] });
    }
    for (const value of [null, [], "flow", 3]) {
      expect(migrateFlowDocument(value)).toEqual({ ok: false, issues: [{ path: "", message: "a flow file must be a JSON object" }] });
    }
  });

  it("the current version passes through unchanged, and the shipped migrations cover every older version", () => {
    const document = { schemaVersion: currentSchemaVersion, id: "f" };
    expect(migrateFlowDocument(document)).toEqual({ ok: true, document });
    for (let version = 1; version < currentSchemaVersion; version++) expect(migrations[version], `migration ${version}`).toBeTypeOf("function");
  });
});
