import { describe, expect, it } from "vitest";
import { minimalChange } from "./minimal-change.ts";

const apply = (text: string, change: { from: number; to: number; insert: string }) => text.slice(0, change.from) + change.insert + text.slice(change.to);

describe("minimalChange", () => {
  it("replaces only the part that differs", () => {
    expect(minimalChange("return a;", "return ab;")).toEqual({ from: 8, to: 8, insert: "b" });
    expect(minimalChange("abcdef", "abXYef")).toEqual({ from: 2, to: 4, insert: "XY" });
    expect(minimalChange("same", "same")).toEqual({ from: 4, to: 4, insert: "" });
  });

  it("turns any text into any other (repeated letters, empty texts)", () => {
    const texts = ["", "a", "aa", "aaa", "abab", "baba", "x\ny\n", "y\nx\n", "return input;", "return { input };"];
    for (const from of texts) for (const to of texts) expect(apply(from, minimalChange(from, to))).toBe(to);
  });
});
