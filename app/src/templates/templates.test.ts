import { readdirSync, readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { parseFlowFile } from "@nexus-flow/shared";
import { templates } from "./templates.ts";

const folder = new URL("../../templates/", import.meta.url);
const files = readdirSync(folder).filter((name) => name.endsWith(".json"));

describe("flow templates", () => {
  it("ships five or more, each listed in the gallery", () => {
    expect(files.length).toBeGreaterThanOrEqual(5);
    expect(templates.map((template) => `${template.id}.json`).sort()).toEqual([...files].sort());
  });

  it.each(files)("%s is a valid flow file whose id is its file name", (file) => {
    const result = parseFlowFile(readFileSync(new URL(file, folder)));
    if (!result.ok) throw new Error(result.issues.map((issue) => `${issue.path}: ${issue.message}`).join("\n"));
    expect(result.flow.id).toBe(file.replace(/\.json$/, ""));
    expect(result.flow.nodes.length).toBeGreaterThanOrEqual(3);
    // Every node is named: a template is read by people who did not write it.
    expect(result.flow.nodes.filter((node) => !node.label).map((node) => node.id)).toEqual([]);
  });
});
