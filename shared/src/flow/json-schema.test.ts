import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { renderSchemaFile, schemaFile } from "../../scripts/generate-flow-schema.ts";

describe("flow.schema.json", () => {
  it("is the validator's current JSON Schema (run `npm run gen:schema` after changing the format)", () => {
    expect(readFileSync(schemaFile, "utf8")).toBe(renderSchemaFile());
  });

  it("describes every built-in node type and rejects unknown properties", () => {
    const schema = JSON.parse(readFileSync(schemaFile, "utf8"));
    const variants = schema.properties.nodes.items.oneOf as Array<{ properties: { type: { const: string } }; additionalProperties: boolean }>;
    expect(variants.map((variant) => variant.properties.type.const)).toContain("transform");
    expect(variants.every((variant) => variant.additionalProperties === false)).toBe(true);
  });
});
