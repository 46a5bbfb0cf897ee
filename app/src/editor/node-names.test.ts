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

  it("labels a new node only when the title alone is taken", () => {
    expect(labelForNew("http.request", new Map())).toBeUndefined();
    expect(labelForNew("http.request", new Map([["x", "HTTP request"]]))).toBe("HTTP request 2");
  });
});
