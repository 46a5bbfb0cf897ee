import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { nested } from "../test-support/nested.ts";
import { checkJson, cutText, flatJsonSize, formatBytes, quoteValue, shallowJsonSize } from "./json-limits.ts";


describe("flatJsonSize: the payload guard's quick measure of flat objects", () => {
  it("is checkJson's size for any object of scalars, and says nothing of arrays or nested values (seeded)", () => {
    const scalar = fc.oneof(fc.string(), fc.double({ noNaN: true, noDefaultInfinity: true }), fc.integer(), fc.boolean(), fc.constant(null));
    fc.assert(
      fc.property(fc.dictionary(fc.string(), scalar), fc.jsonValue(), (flat, other) => {
        expect(flatJsonSize(flat)).toBe((checkJson(flat) as { size: number }).size);
        if (typeof other === "object" && other !== null && (Array.isArray(other) || Object.values(other).some((item) => typeof item === "object" && item !== null))) {
          expect(flatJsonSize(other)).toBeUndefined();
        }
      }),
      { seed: 20261208, numRuns: 2000 },
    );
    expect(flatJsonSize({})).toBe(2);
    expect(flatJsonSize({ v: 12 })).toBe('{"v":12}'.length);
  });
});

describe("shallowJsonSize: the payload guard's quick measure of merged flat outputs", () => {
  it("is checkJson's size for any object or array of scalars and flat objects, and says nothing of deeper values (seeded)", () => {
    const scalar = fc.oneof(fc.string(), fc.double({ noNaN: true, noDefaultInfinity: true }), fc.integer(), fc.boolean(), fc.constant(null));
    const item = fc.oneof(scalar, fc.dictionary(fc.string(), scalar));
    fc.assert(
      fc.property(fc.oneof(fc.dictionary(fc.string(), item), fc.array(item)), fc.jsonValue(), (shallow, other) => {
        expect(shallowJsonSize(shallow)).toBe((checkJson(shallow) as { size: number }).size);
        expect(shallowJsonSize(shallow)).toBe(JSON.stringify(shallow).length - escapes(shallow));
        if (typeof other === "object" && other !== null && Object.values(other).some((value) => typeof value === "object" && value !== null && (Array.isArray(value) || Object.values(value).some((inner) => typeof inner === "object" && inner !== null)))) {
          expect(shallowJsonSize(other)).toBeUndefined();
        }
      }),
      { seed: 20261208, numRuns: 2000 },
    );
    expect(shallowJsonSize({})).toBe(2);
    expect(shallowJsonSize([])).toBe(2);
    expect(shallowJsonSize({ a: { v: 1 }, b: 2 })).toBe('{"a":{"v":1},"b":2}'.length);
    expect(shallowJsonSize([{ v: 1 }, {}, "x"])).toBe('[{"v":1},{},"x"]'.length);
    expect(shallowJsonSize({ a: [1] })).toBeUndefined();
  });
});

/** Characters JSON.stringify adds to escape strings, which the size leaves out by design. */
function escapes(value: unknown): number {
  const strings = JSON.stringify(value, (_key, item: unknown) => item).match(/"(?:[^"\\]|\\.)*"/g) ?? [];
  return strings.reduce((sum, text) => sum + text.length - 2 - (JSON.parse(text) as string).length, 0);
}

describe("checkJson", () => {
  it("measures a value as the length of its JSON text, without serializing it", () => {
    for (const value of [null, true, false, 0, -7, 12345, 1.5, -2e-7, "", "héllo", [], {}, [1, "a", null], { a: 1, bc: [true, { d: "x" }] }, { "": 0 }]) {
      expect(checkJson(value), JSON.stringify(value)).toEqual({ ok: true, size: JSON.stringify(value).length });
    }
  });

  // Escapes are not counted (that would mean scanning every string): `"\\"` counts 3, not 4.
  const unescapedLength = (value: unknown): number =>
    typeof value === "string"
      ? value.length + 2
      : Array.isArray(value)
        ? 2 + Math.max(0, value.length - 1) + value.reduce((sum: number, item) => sum + unescapedLength(item), 0)
        : value && typeof value === "object"
          ? 2 + Math.max(0, Object.keys(value).length - 1) + Object.entries(value).reduce((sum, [key, item]) => sum + key.length + 3 + unescapedLength(item), 0)
          : JSON.stringify(value).length;

  it("B1: the measured size is the length of the value's JSON, escapes aside, for any JSON value (property)", () => {
    fc.assert(
      fc.property(fc.jsonValue(), (value) => {
        const checked = checkJson(value);
        expect(checked).toEqual({ ok: true, size: unescapedLength(value) });
        expect(checked.ok && checked.size).toBeLessThanOrEqual(JSON.stringify(value).length);
      }),
      { numRuns: 500 },
    );
  });

  it("B2: refuses nesting deeper than the limit, with the path to the first level too deep", () => {
    expect(checkJson(nested(256)).ok).toBe(true);
    const deep = checkJson({ a: [nested(300)] });
    expect(deep).toMatchObject({ ok: false, problem: "too-deep" });
    if (!deep.ok) expect(deep.path.slice(0, 3)).toEqual(["a", 0, 0]);
    if (!deep.ok) expect(deep.path).toHaveLength(256);
  });

  it("B2: a value nested 100,000 levels deep is refused, not a stack overflow", () => {
    expect(checkJson(nested(100_000))).toMatchObject({ ok: false, problem: "too-deep" });
  });

  it("I5: finds a __proto__ key when asked, and only then", () => {
    const value = JSON.parse('{"config":{"headers":{"__proto__":{"x":"y"}}}}');
    expect(checkJson(value, { rejectProtoKey: true })).toEqual({ ok: false, problem: "proto-key", path: ["config", "headers", "__proto__"] });
    expect(checkJson(value).ok).toBe(true);
  });

  it("stops early when asked only whether a value is bigger than some size", () => {
    const rows = { rows: Array.from({ length: 10_000 }, () => "row") };
    expect(checkJson(rows)).toEqual({ ok: true, size: JSON.stringify(rows).length });
    const checked = checkJson(rows, { stopAbove: 100 });
    expect(checked.ok && checked.size).toBeGreaterThan(100);
    expect(checked.ok && checked.size).toBeLessThan(JSON.stringify(rows).length / 2); // the rows were not walked
  });

  it("uses sizes already known by identity", () => {
    const big = { text: "x".repeat(1000) };
    const known = new WeakMap<object, number>([[big, 5]]);
    expect(checkJson(big, { known })).toEqual({ ok: true, size: 5 });
    expect(checkJson({ a: big }, { known })).toEqual({ ok: true, size: 2 + 3 + 1 + 5 });
  });
});

describe("error text caps (E3)", () => {
  it("E3: cutText keeps the start and says how long the whole was", () => {
    expect(cutText("short")).toBe("short");
    expect(cutText("x".repeat(5000), 10)).toBe("xxxxxxxxxx… (cut; 5,000 characters in all)");
  });

  it("E3: quoteValue quotes at most a few hundred characters of a value", () => {
    expect(quoteValue("shell")).toBe('"shell"');
    const quoted = quoteValue("y".repeat(50 * 1024 * 1024));
    expect(quoted.length).toBeLessThan(300);
    expect(quoted).toMatch(/^"y{200}"… \(cut; 52,428,800 characters in all\)$/);
    expect(quoteValue({ a: "z".repeat(1000) }).length).toBeLessThan(300);
  });

  it("formats sizes in words", () => {
    expect(formatBytes(16 * 1024 * 1024)).toBe("16 MB");
    expect(formatBytes(1536)).toBe("1.5 KB");
    expect(formatBytes(10)).toBe("10 bytes");
    expect(formatBytes(2013)).toBe("2 KB");
    expect(formatBytes(16 * 1024 * 1024 + 5, 16 * 1024 * 1024)).toBe("16,777,221 bytes");
  });
});
