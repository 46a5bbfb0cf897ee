import { describe, expect, it } from "vitest";
import { nested } from "../../test-support/nested.ts";
import { formatIssue } from "./flow-issue.ts";
import { parseJsonText } from "./parse-json.ts";
import { parseFlowFile, validateFlow } from "./validate-flow.ts";

const http = (config: Record<string, unknown>) => ({
  schemaVersion: 1,
  id: "f",
  name: "f",
  nodes: [{ id: "call", type: "http.request", position: { x: 0, y: 0 }, config: { url: "http://example.test", ...config } }],
  edges: [],
});

function issues(document: unknown): string[] {
  const result = validateFlow(document);
  return result.ok ? [] : result.issues.map(formatIssue);
}

describe("flow files: limits said in words", () => {
  it("B2: a body nested 2,000 levels deep is refused with a path, not a stack overflow", () => {
    const [issue, ...rest] = issues(http({ body: { a: nested(2000) } }));
    expect(rest).toEqual([]);
    expect(issue).toMatch(/^nodes\[0\]\.config\.body\.a\[0\]\[0\]\[0\].*… \(25\d levels deep\): nested deeper than 256 levels \(the limit for flow files\)$/);
    expect(issue!.length).toBeLessThan(300);
  });

  it("B2: the same through the text of a file, 100,000 levels deep", () => {
    const text = JSON.stringify(http({})).replace('"config":{', `"config":{"body":${"[".repeat(100_000)}${"]".repeat(100_000)},`);
    expect(parseFlowFile(text)).toMatchObject({ ok: false, issues: [{ message: expect.stringMatching(/nested deeper than 256 levels/) }] });
  });

  it("I5: headers {\"__proto__\": …} are refused (the schema would drop them silently)", () => {
    const document = JSON.parse(JSON.stringify(http({})).replace('"config":{', '"config":{"headers":{"__proto__":{"x":"y"}},'));
    expect(issues(document)).toEqual(['nodes[0].config.headers.__proto__: "__proto__" cannot be used as a key (JavaScript would read it as the object\'s prototype)']);
  });

  it("I5: headers named after other prototype properties are kept as headers", () => {
    const result = validateFlow(http({ headers: { constructor: "c", toString: "t" } }));
    expect(result.ok && result.flow.nodes[0]!.config).toMatchObject({ headers: { constructor: "c", toString: "t" } });
  });

  it("E3: a 50 MB node type is quoted in a few hundred characters, saying it was cut", () => {
    const type = "t".repeat(50 * 1024 * 1024);
    const [issue] = issues({ ...http({}), nodes: [{ id: "a", type, position: { x: 0, y: 0 }, config: {} }] });
    expect(issue!.length).toBeLessThan(1000);
    expect(issue).toMatch(/^nodes\[0\]\.type: unknown node type "t{200}"… \(cut; 52,428,800 characters in all\); known types: /);
  });

  it("E3: a 1 MB property name is quoted short in the path", () => {
    const [issue] = issues({ ...http({}), ["k".repeat(1 << 20)]: 1 });
    expect(issue!.length).toBeLessThan(400);
    expect(issue).toMatch(/cut; 1,048,576 characters in all\)\]: unknown property$/);
  });
});

describe("flow files: bytes", () => {
  const bytes = (text: string) => new TextEncoder().encode(text);
  const valid = JSON.stringify(http({}));

  it("F1: a UTF-8 byte-order mark is accepted, as bytes and as text", () => {
    expect(parseFlowFile(new Uint8Array([0xef, 0xbb, 0xbf, ...bytes(valid)])).ok).toBe(true);
    expect(parseFlowFile(`\ufeff${valid}`).ok).toBe(true);
    expect(parseJsonText(new Uint8Array([0xef, 0xbb, 0xbf, 0x31]))).toEqual({ ok: true, value: 1 });
  });

  it("F2: bytes that are not UTF-8 are refused with their offset, never replaced", () => {
    const good = bytes('{"name":"caf');
    const bad = new Uint8Array([...good, 0xe9, ...bytes('"}')]); // Latin-1 é
    expect(parseJsonText(bad)).toEqual({ ok: false, message: `not valid UTF-8: byte 0xe9 at byte offset ${good.length} (save the file as UTF-8)` });
    expect(parseFlowFile(bad)).toMatchObject({ ok: false, issues: [{ path: "", message: expect.stringMatching(/byte offset 12/) }] });
  });

  it("F2: overlong forms, surrogates and cut sequences are invalid; real multi-byte text is not", () => {
    const offsetOf = (raw: number[]) => {
      const result = parseJsonText(new Uint8Array([0x22, ...raw, 0x22]));
      return result.ok ? undefined : Number(/offset (\d+)/.exec(result.message)![1]);
    };
    expect(offsetOf([0xc0, 0xaf])).toBe(1); // overlong "/"
    expect(offsetOf([0xed, 0xa0, 0x80])).toBe(1); // a UTF-16 surrogate
    expect(offsetOf([0x61, 0xf0, 0x9f, 0x98])).toBe(2); // an emoji cut short
    expect(offsetOf([...bytes("é😀€")])).toBeUndefined();
  });
});
