import { nodeCatalogEntry, type NodeGroup } from "@nexus-flow/shared/catalog";

/** How each node type looks in the palette and on the canvas. One place, so they agree. */
export interface NodeVisual {
  readonly title: string;
  readonly group: NodeGroup;
  readonly description: string;
  /** A short glyph shown in the node's icon tile. */
  readonly glyph: string;
  /** CSS colour of the icon tile. */
  readonly color: string;
}

const glyphs: Record<string, string> = {
  "trigger.manual": "▶",
  transform: "{}",
  condition: "◇",
  merge: "⋈",
  delay: "◔",
  "http.request": "⇄",
  approval: "✓",
  noop: "○",
  "db.query": "⛁",
  "shell.exec": "$_",
  "docker.run": "▣",
  python: "≋", // a symbol, not letters: glyphs are decorative (aria-hidden), the title names the node
};

const groupColors: Record<NodeGroup, string> = {
  Triggers: "#e5734a",
  Actions: "#3b82f6",
  Logic: "#8e6cd8",
  Code: "#d4a017",
  Runner: "#1f9d8a",
};

export const paletteGroups: readonly NodeGroup[] = ["Triggers", "Actions", "Logic", "Code", "Runner"];

export function nodeVisual(type: string): NodeVisual {
  const entry = nodeCatalogEntry(type);
  if (!entry) return { title: type, group: "Actions", description: "", glyph: "?", color: "#8b8b98" };
  return { title: entry.title, group: entry.group, description: entry.description, glyph: glyphs[type] ?? "•", color: groupColors[entry.group] };
}
