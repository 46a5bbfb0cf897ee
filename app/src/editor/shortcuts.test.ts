import { describe, expect, it } from "vitest";
import { opensPalette } from "./shortcuts.ts";

const key = (over: Partial<{ key: string; ctrlKey: boolean; metaKey: boolean; shiftKey: boolean; altKey: boolean }>) => ({ key: "k", ctrlKey: false, metaKey: false, shiftKey: false, altKey: false, ...over });

describe("command palette key", () => {
  it("Ctrl+K opens it on Windows and Linux, in text fields too (it edits nothing there)", () => {
    expect(opensPalette(key({ ctrlKey: true }), { mac: false, typing: false })).toBe(true);
    expect(opensPalette(key({ ctrlKey: true }), { mac: false, typing: true })).toBe(true);
    expect(opensPalette(key({ key: "K", ctrlKey: true }), { mac: false, typing: true })).toBe(true); // Caps Lock
  });
  it("on a Mac, Ctrl+K in a field stays the field's (delete to the end of the line); ⌘K opens it everywhere", () => {
    expect(opensPalette(key({ ctrlKey: true }), { mac: true, typing: true })).toBe(false);
    expect(opensPalette(key({ ctrlKey: true }), { mac: true, typing: false })).toBe(true);
    expect(opensPalette(key({ metaKey: true }), { mac: true, typing: true })).toBe(true);
  });
  it("other keys and chords are not it", () => {
    expect(opensPalette(key({}), { mac: false, typing: false })).toBe(false);
    expect(opensPalette(key({ ctrlKey: true, shiftKey: true }), { mac: false, typing: false })).toBe(false);
    expect(opensPalette(key({ ctrlKey: true, altKey: true }), { mac: false, typing: false })).toBe(false);
    expect(opensPalette(key({ key: "j", ctrlKey: true }), { mac: false, typing: false })).toBe(false);
  });
});
