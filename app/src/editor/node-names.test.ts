import { describe, expect, it } from "vitest";
import { displayNames, labelForNew } from "./node-names.ts";

describe("node names", () => {
  it("names unlabelled nodes by their type's title and an ordinal, in id order", () => {
    const names = displayNames({ "http-request-zz": { type: "http.request" }, "http-request-aa": { type: "http.request" }, t: { type: "transform", label: "Shape" } });
    expect(names.get("http-request-aa")).toBe("HTTP request");
    expect(names.get("http-request-zz")).toBe("HTTP request 2");
    expect(names.get("t")).toBe("Shape");
  });

  it("skips names people already gave", () => {
    const names = displayNames({ a: { type: "http.request", label: "HTTP request" }, b: { type: "http.request" }, c: { type: "http.request", label: "HTTP request 2" } });
    expect(names.get("b")).toBe("HTTP request 3");
  });

  it("numbers a thousand nodes of one type 1 to 1,000 around the names people gave", () => {
    const nodes: Record<string, { type: string; label?: string }> = {};
    for (let i = 0; i < 1000; i++) nodes[`n${String(i).padStart(4, "0")}`] = { type: "http.request" };
    nodes.given = { type: "http.request", label: "HTTP request 5" };
    const names = displayNames(nodes);
    expect(names.get("n0000")).toBe("HTTP request");
    expect(names.get("n0003")).toBe("HTTP request 4");
    expect(names.get("n0004")).toBe("HTTP request 6");
    expect(names.get("n0999")).toBe("HTTP request 1001");
    expect(new Set(names.values()).size).toBe(1001);
  });

  it("labels a new node only when the title alone is taken", () => {
    expect(labelForNew("http.request", new Map())).toBeUndefined();
    expect(labelForNew("http.request", new Map([["x", "HTTP request"]]))).toBe("HTTP request 2");
  });
});
