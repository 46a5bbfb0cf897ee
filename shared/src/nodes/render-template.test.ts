import { describe, expect, it } from "vitest";
import type { JsonValue } from "../json.ts";
import { renderJsonTemplates, renderTemplate } from "./render-template.ts";

/** A stand-in evaluator: looks the trimmed expression up in a table. */
const table: Record<string, JsonValue> = { id: 7, name: "ada", tags: ["a", "b"], user: { id: 1 }, nothing: null, yes: true };
const evaluate = (expression: string) => {
  if (!(expression in table)) throw new Error(`unexpected expression ${expression}`);
  return table[expression]!;
};

describe("renderTemplate (H1)", () => {
  it("H1: a string that is one whole template keeps the value's type", () => {
    expect(renderTemplate("{{ id }}", evaluate)).toBe(7);
    expect(renderTemplate("{{tags}}", evaluate)).toEqual(["a", "b"]);
    expect(renderTemplate("{{ nothing }}", evaluate)).toBeNull();
    expect(renderTemplate("{{ yes }}", evaluate)).toBe(true);
  });

  it("H1: templates inside text are interpolated as text, objects as JSON, null as empty", () => {
    expect(renderTemplate("/users/{{ id }}/{{ name }}", evaluate)).toBe("/users/7/ada");
    expect(renderTemplate("u={{ user }} n={{ nothing }}.", evaluate)).toBe('u={"id":1} n=.');
    expect(renderTemplate("{{ id }}{{ name }}", evaluate)).toBe("7ada");
  });

  it("H1: text without templates is returned as it is, without evaluating anything", () => {
    expect(renderTemplate("plain { text }", () => { throw new Error("must not evaluate"); })).toBe("plain { text }");
  });

  it("H1: renderJsonTemplates renders every string leaf and keeps keys literal", () => {
    const body: JsonValue = { "{{ id }}": "{{ id }}", list: ["{{ name }}", 3, false, null], deep: { note: "hi {{ name }}" } };
    expect(renderJsonTemplates(body, evaluate)).toEqual({ "{{ id }}": 7, list: ["ada", 3, false, null], deep: { note: "hi ada" } });
  });
});
