import { describe, expect, it } from "vitest";
import { copyJson } from "./copy-json.ts";

describe("copyJson", () => {
  it("copies JSON deeply, as structuredClone does, sharing nothing with the original", () => {
    const value = { a: [1, { b: "x", c: null }], d: { e: true, f: 2.5 } };
    const copy = copyJson(value);
    expect(copy).toEqual(structuredClone(value));
    copy.a.push(3);
    (copy.d as { e: boolean }).e = false;
    expect(value).toEqual({ a: [1, { b: "x", c: null }], d: { e: true, f: 2.5 } });
  });

  it("keeps a '__proto__' key as data, and copies bytes with structuredClone", () => {
    const parsed = JSON.parse('{"__proto__": {"polluted": true}}') as Record<string, unknown>;
    const copy = copyJson(parsed);
    expect(Object.getPrototypeOf(copy)).toBe(Object.prototype);
    expect(Object.keys(copy)).toEqual(["__proto__"]);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    const bytes = new Uint8Array([1, 2]);
    const copied = copyJson({ bytes }).bytes;
    expect(copied).toEqual(bytes);
    expect(copied).not.toBe(bytes);
  });
});
