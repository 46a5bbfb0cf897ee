import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { build } from "esbuild";
import { describe, expect, expectTypeOf, it } from "vitest";
import { catalogFile, renderCatalogFile } from "../../scripts/generate-flow-schema.ts";
import { nodeConfigJsonSchema } from "../flow/json-schema.ts";
import type { NodeType } from "../flow/flow-schema.ts";
import { builtInNodes } from "../nodes/registry.ts";
import { isNodeType, nodeCatalog, nodeCatalogEntry, type CatalogNodeType } from "./index.ts";

const sharedDir = fileURLToPath(new URL("../../", import.meta.url));

describe("node catalog", () => {
  it("is the node definitions' current catalog (run `npm run gen:schema` after changing a node type)", () => {
    expect(readFileSync(catalogFile, "utf8")).toBe(renderCatalogFile());
  });

  it("lists every built-in node type in registry order, with its config's JSON Schema", () => {
    expect(nodeCatalog.map((entry) => entry.type)).toEqual(builtInNodes.map((definition) => definition.type));
    for (const definition of builtInNodes) {
      const entry = nodeCatalogEntry(definition.type);
      expect(entry).toMatchObject({ title: definition.title, group: definition.group, outputs: definition.outputs, runsOn: definition.runsOn });
      expect(entry?.defaultOutput).toBe(definition.defaultOutput);
      expect(entry?.config).toEqual(nodeConfigJsonSchema(definition.type));
    }
    expect(nodeCatalogEntry("email.send")).toBeUndefined();
    expect([isNodeType("delay"), isNodeType("email.send")]).toEqual([true, false]);
  });

  it("names the same node types as the flow format", () => {
    expectTypeOf<CatalogNodeType>().toEqualTypeOf<NodeType>();
  });

  it("loads neither zod nor a node definition (the page imports it)", async () => {
    const result = await build({
      stdin: { contents: 'export * from "@nexus-flow/shared/catalog";', resolveDir: sharedDir, loader: "ts" },
      bundle: true,
      write: false,
      metafile: true,
      format: "esm",
      platform: "neutral",
      conditions: ["source"],
      logLevel: "silent",
    });
    const inputs = Object.keys(result.metafile.inputs).filter((input) => input !== "<stdin>");
    expect(inputs.length).toBeGreaterThan(0);
    expect(inputs.filter((input) => !/(^|\/)shared\/src\/catalog\//.test(input))).toEqual([]);
  });
});
