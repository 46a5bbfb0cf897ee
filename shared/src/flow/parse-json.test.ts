import { describe, expect, it } from "vitest";
import { parseJsonText } from "./parse-json.ts";
import { parseFlowFile } from "./validate-flow.ts";

describe("parseJsonText", () => {
  it("parses valid JSON", () => {
    expect(parseJsonText('{ "a": [1, true, null] }')).toEqual({ ok: true, value: { a: [1, true, null] } });
  });

  it("gives line and column of a syntax error", () => {
    expect(parseJsonText('{\n  "a": 1,\n  "b": }')).toEqual({ ok: false, message: "not valid JSON: value expected at line 3, column 8" });
    expect(parseJsonText('{"a":1,}')).toEqual({ ok: false, message: "not valid JSON: property name expected at line 1, column 8" });
    expect(parseJsonText('{"a":1} x')).toEqual({ ok: false, message: "not valid JSON: invalid symbol at line 1, column 9" });
  });

  it("counts columns from the start of the line, also after CRLF line ends", () => {
    expect(parseJsonText('{\r\n"a": tru\r\n}')).toMatchObject({ ok: false, message: expect.stringMatching(/at line 2, column 6$/) });
  });

  it("rejects comments and empty files with a clear message", () => {
    expect(parseJsonText("// note\n{}")).toMatchObject({ ok: false, message: expect.stringMatching(/comment.*line 1, column 1/) });
    expect(parseJsonText("   \n")).toEqual({ ok: false, message: "not valid JSON: the file is empty" });
  });
});

describe("parseFlowFile", () => {
  it("reports JSON errors at the document level, with line and column", () => {
    expect(parseFlowFile("{\n")).toMatchObject({ ok: false, issues: [{ path: "", message: expect.stringMatching(/^not valid JSON: .* at line 2, column 1$/) }] });
  });

  it("validates what parses", () => {
    const text = JSON.stringify({ schemaVersion: 1, id: "f", name: "f", nodes: [{ id: "a", type: "noop", position: { x: 0, y: 0 }, config: {} }], edges: [] });
    expect(parseFlowFile(text).ok).toBe(true);
    expect(parseFlowFile(text.replace('"noop"', '"nope"'))).toMatchObject({ ok: false, issues: [{ path: "nodes[0].type" }] });
  });
});
