import { describe, expect, it } from "vitest";
import { builtInNodes } from "@nexus-flow/shared";
import { paletteSections } from "./palette-entries.ts";

const types = (query: string) => paletteSections(query).flatMap((section) => section.entries.map((entry) => entry.type));

describe("paletteSections", () => {
  it("groups every node type in the usual order and leaves empty groups out", () => {
    const sections = paletteSections("");
    expect(sections.map((section) => section.group)).toEqual(["Triggers", "Actions", "Logic", "Code", "Runner"]);
    expect(sections.flatMap((section) => section.entries)).toHaveLength(builtInNodes.length);
    expect(sections.at(-1)!.entries.map((entry) => entry.type)).toEqual(["db.query", "shell.exec", "python", "docker.run"]);
  });

  it("matches title, type and description, case-insensitively, every word", () => {
    expect(types("HTTP")).toEqual(["http.request"]); // title
    expect(types("transform")).toEqual(["transform"]); // type (its title is "Code")
    expect(types("survives restarts")).toEqual(["delay"]); // description, two words
    expect(types("approve reject")).toEqual(["approval"]);
    expect(types("no such node")).toEqual([]);
  });
});
