import { describe, expect, it } from "vitest";
import { completionsAt } from "./completions.ts";

const scope = {
  input: { user: { name: "Ada", tags: ["a"] }, usage: 3 },
  nodes: { fetch: { status: 200, body: { items: [] } }, "http-request-k3f9": { ok: true } },
};
const at = (text: string) => completionsAt(text, text.length, scope);
const labels = (text: string) => at(text)?.items.map((item) => item.label);

describe("completionsAt", () => {
  it("lists the keys of input and of nested objects, filtered by what is typed", () => {
    expect(labels("return input.")).toEqual(["user", "usage"]);
    expect(labels("return input.us")).toEqual(["user", "usage"]);
    expect(labels("return input.user.")).toEqual(["name", "tags"]);
    expect(at("input.user.na")).toMatchObject({ from: 10, to: 13, items: [{ label: "name", detail: "text", insert: ".name" }] });
  });

  it("lists node ids under ctx.nodes and their outputs' keys, bracketing ids that are not names", () => {
    expect(labels("ctx.nodes.")).toEqual(["fetch", "http-request-k3f9"]);
    expect(at("ctx.nodes.h")?.items[0]?.insert).toBe('["http-request-k3f9"]');
    expect(labels("ctx.nodes.fetch.")).toEqual(["status", "body"]);
    expect(labels('ctx.nodes["http-request-k3f9"].')).toEqual(["ok"]);
    // Beside each id, the node's name as the canvas shows it.
    const named = completionsAt("ctx.nodes.f", 11, { ...scope, names: (id) => (id === "fetch" ? "Fetch orders" : id) });
    expect(named?.items).toEqual([{ label: "fetch", detail: "Fetch orders", insert: ".fetch" }]);
  });

  it("in template mode, completes only inside {{ }}", () => {
    const url = "https://api.example.com/input.";
    expect(completionsAt(url, url.length, scope, { templatesOnly: true })).toBeUndefined();
    const template = "https://api.example.com/{{ input.";
    expect(completionsAt(template, template.length, scope, { templatesOnly: true })?.items.map((item) => item.label)).toEqual(["user", "usage"]);
    const closed = "{{ input.user }} input.";
    expect(completionsAt(closed, closed.length, scope, { templatesOnly: true })).toBeUndefined();
  });

  it("offers nothing outside a known path or past a value that is not an object", () => {
    expect(at("return myinput.")).toBeUndefined();
    expect(at("input.usage.")).toBeUndefined();
    expect(at("input.nope.")).toBeUndefined();
    expect(completionsAt("input.", 6, { nodes: {} })).toBeUndefined();
  });
});
