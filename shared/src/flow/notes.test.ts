import { describe, expect, it } from "vitest";
import { validateFlow } from "./validate-flow.ts";

const base = {
  schemaVersion: 1,
  id: "f",
  name: "Notes",
  nodes: [{ id: "start", type: "trigger.manual", position: { x: 0, y: 0 }, config: {} }],
  edges: [],
};
const note = { id: "n1", text: "# Why\nThis flow **polls**.", position: { x: 10, y: -40 }, size: { width: 240, height: 160 } };

describe("sticky notes in a flow file", () => {
  it("loads a file without notes (written before notes existed)", () => {
    const result = validateFlow(base);
    expect(result.ok && result.flow.notes).toBe(undefined);
  });

  it("keeps notes with their Markdown, position, size and colour", () => {
    const result = validateFlow({ ...base, notes: [{ ...note, color: "blue" }] });
    expect(result.ok && result.flow.notes).toEqual([{ ...note, color: "blue" }]);
  });

  it("names the path of a bad note", () => {
    const result = validateFlow({ ...base, notes: [note, { ...note, id: "n2", size: { width: 10, height: 160 } }] });
    expect(result.ok).toBe(false);
    expect(!result.ok && result.issues.map((issue) => issue.path)).toEqual(["notes[1].size.width"]);
  });

  it("refuses two notes with one id, naming both", () => {
    const result = validateFlow({ ...base, notes: [note, note] });
    expect(!result.ok && result.issues).toEqual([{ path: "notes[1].id", message: 'duplicate note id "n1" (also notes[0])' }]);
  });
});
