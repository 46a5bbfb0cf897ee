import { describe, expect, it } from "vitest";
import { parseInline, parseMarkdown } from "./markdown.ts";

describe("sticky note Markdown", () => {
  it("parses headings, paragraphs, lists and fenced code", () => {
    const blocks = parseMarkdown("# Title\nsome\ntext\n\n- one\n- **two**\n1. first\n```\n<b>raw</b>\n```");
    expect(blocks.map((block) => block.kind)).toEqual(["heading", "paragraph", "list", "list", "code"]);
    expect(blocks[1]).toEqual({ kind: "paragraph", content: [{ kind: "text", text: "some text" }] });
    expect(blocks[3]).toMatchObject({ ordered: true });
    expect(blocks[4]).toEqual({ kind: "code", text: "<b>raw</b>" });
  });

  it("parses inline emphasis, code and links, keeping snake_case words", () => {
    expect(parseInline("a **b** *c* `d` snake_case_name")).toEqual([
      { kind: "text", text: "a " },
      { kind: "strong", children: [{ kind: "text", text: "b" }] },
      { kind: "text", text: " " },
      { kind: "em", children: [{ kind: "text", text: "c" }] },
      { kind: "text", text: " " },
      { kind: "code", text: "d" },
      { kind: "text", text: " snake_case_name" },
    ]);
    expect(parseInline("[docs](https://example.com)")).toEqual([{ kind: "link", href: "https://example.com", children: [{ kind: "text", text: "docs" }] }]);
  });

  it("keeps HTML as text and drops links that are not http(s) or mailto", () => {
    expect(parseInline('<img src=x onerror="alert(1)">')).toEqual([{ kind: "text", text: '<img src=x onerror="alert(1)">' }]);
    const unsafe = parseInline("[x](javascript:alert(1))");
    expect(unsafe.every((part) => part.kind === "text")).toBe(true);
    expect(unsafe.map((part) => (part.kind === "text" ? part.text : "")).join("")).toBe("[x](javascript:alert(1))");
  });
});
