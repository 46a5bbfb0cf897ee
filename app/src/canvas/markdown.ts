/**
 * A small, safe Markdown subset for sticky notes: headings, paragraphs, bullet and numbered
 * lists, fenced code, **bold**, *italic*, `code` and [links](https://…). It parses to plain
 * data that the view renders as text nodes: no HTML in a note is ever interpreted, and a
 * link is kept only for http(s) and mailto addresses (never `javascript:`).
 */
export type Inline =
  | { readonly kind: "text"; readonly text: string }
  | { readonly kind: "code"; readonly text: string }
  | { readonly kind: "strong" | "em"; readonly children: Inline[] }
  | { readonly kind: "link"; readonly href: string; readonly children: Inline[] };

export type Block =
  | { readonly kind: "heading"; readonly level: 1 | 2 | 3; readonly content: Inline[] }
  | { readonly kind: "paragraph"; readonly content: Inline[] }
  | { readonly kind: "list"; readonly ordered: boolean; readonly items: Inline[][] }
  | { readonly kind: "code"; readonly text: string };

const bullet = /^\s*[-*+]\s+(.*)$/;
const numbered = /^\s*\d+[.)]\s+(.*)$/;

/**
 * @example parseMarkdown("# Hi\n- **a**") // [{ kind: "heading", level: 1, … }, { kind: "list", … }]
 */
export function parseMarkdown(source: string): Block[] {
  const lines = source.replace(/\r\n?/g, "\n").split("\n");
  const blocks: Block[] = [];
  let paragraph: string[] = [];
  const endParagraph = () => paragraph.length && (blocks.push({ kind: "paragraph", content: parseInline(paragraph.join(" ")) }), (paragraph = []));
  for (let at = 0; at < lines.length; at++) {
    const line = lines[at]!;
    const heading = /^(#{1,3})\s+(.*)$/.exec(line);
    if (line.startsWith("```")) {
      endParagraph();
      const code: string[] = [];
      while (++at < lines.length && !lines[at]!.startsWith("```")) code.push(lines[at]!);
      blocks.push({ kind: "code", text: code.join("\n") });
    } else if (heading) {
      endParagraph();
      blocks.push({ kind: "heading", level: heading[1]!.length as 1 | 2 | 3, content: parseInline(heading[2]!) });
    } else if (bullet.test(line) || numbered.test(line)) {
      endParagraph();
      const ordered = !bullet.test(line);
      const pattern = ordered ? numbered : bullet;
      const items: Inline[][] = [];
      for (; at < lines.length && pattern.test(lines[at]!); at++) items.push(parseInline(pattern.exec(lines[at]!)![1]!));
      at--;
      blocks.push({ kind: "list", ordered, items });
    } else if (line.trim() === "") endParagraph();
    else paragraph.push(line.trim());
  }
  endParagraph();
  return blocks;
}

// One alternative per construct, tried left to right; `_x_` only between non-word characters (snake_case stays).
const inlinePattern = /`([^`]+)`|\*\*(.+?)\*\*|\*([^*\s](?:.*?[^*\s])?)\*|(?<!\w)_(.+?)_(?!\w)|\[([^\]]+)\]\(([^)\s]+)\)/;
const safeHref = /^(https?:\/\/|mailto:)/i;

export function parseInline(text: string): Inline[] {
  const out: Inline[] = [];
  let rest = text;
  for (let match = inlinePattern.exec(rest); match; match = inlinePattern.exec(rest)) {
    if (match.index > 0) out.push({ kind: "text", text: rest.slice(0, match.index) });
    const [whole, code, strong, em, underscored, label, href] = match;
    if (code !== undefined) out.push({ kind: "code", text: code });
    else if (strong !== undefined) out.push({ kind: "strong", children: parseInline(strong) });
    else if (em !== undefined || underscored !== undefined) out.push({ kind: "em", children: parseInline((em ?? underscored)!) });
    else if (safeHref.test(href!)) out.push({ kind: "link", href: href!, children: parseInline(label!) });
    else out.push({ kind: "text", text: whole });
    rest = rest.slice(match.index + whole.length);
  }
  if (rest) out.push({ kind: "text", text: rest });
  return out;
}
