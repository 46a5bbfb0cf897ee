import { describe, expect, it } from "vitest";
import { jsonCodec, numberCodec, sameJson, textCodec } from "./text-draft.ts";

describe("field codecs", () => {
  it("text: empty is absent when optional, an empty string when required (so the validator names it)", () => {
    expect(textCodec(false).parse("")).toEqual({ ok: true, value: undefined });
    expect(textCodec(true).parse("")).toEqual({ ok: true, value: "" });
    expect(textCodec(false).format(undefined)).toBe("");
    expect(textCodec(false).format(42)).toBe("42"); // a wrong type is shown, and the validator complains
  });

  it("number: empty is absent; range and integer-ness are the validator's", () => {
    expect(numberCodec.parse("")).toEqual({ ok: true, value: undefined });
    expect(numberCodec.parse("2.5")).toEqual({ ok: true, value: 2.5 });
    expect(numberCodec.parse("abc")).toMatchObject({ ok: false });
  });

  it("json: parse errors are reported and nothing is committed", () => {
    expect(jsonCodec.parse('{ "a": [1, null] }')).toEqual({ ok: true, value: { a: [1, null] } });
    expect(jsonCodec.parse("  ")).toEqual({ ok: true, value: undefined });
    const broken = jsonCodec.parse("{ a: 1 }");
    expect(broken.ok).toBe(false);
    expect(!broken.ok && broken.error).toMatch(/^Not valid JSON: /);
    expect(jsonCodec.format({ a: 1 })).toBe('{\n  "a": 1\n}');
  });
});

describe("sameJson", () => {
  it("compares JSON values deeply, ignoring key order", () => {
    expect(sameJson({ a: 1, b: [1, { c: null }] }, { b: [1, { c: null }], a: 1 })).toBe(true);
    expect(sameJson({ a: 1 }, { a: 1, b: undefined })).toBe(false);
    expect(sameJson([1, 2], { 0: 1, 1: 2 })).toBe(false);
    expect(sameJson(undefined, undefined)).toBe(true);
    expect(sameJson(null, undefined)).toBe(false);
    expect(sameJson("1", 1)).toBe(false);
  });
});
