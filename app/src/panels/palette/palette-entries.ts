import { nodeCatalog, type NodeGroup } from "@nexus-flow/shared/catalog";
import { nodeVisual, paletteGroups, type NodeVisual } from "../../ui/node-visuals.ts";

export interface PaletteEntry extends NodeVisual {
  readonly type: string;
}

export interface PaletteSection {
  readonly group: NodeGroup;
  readonly entries: readonly PaletteEntry[];
}

const allEntries: readonly PaletteEntry[] = nodeCatalog.map((entry) => ({ type: entry.type, ...nodeVisual(entry.type) }));

/**
 * The palette's groups in their usual order, holding the node types whose title, type or
 * description contains every word of `query` (case-insensitive). Empty groups are left out.
 *
 * @example
 * paletteSections("http")  // [{ group: "Actions", entries: [{ type: "http.request", … }] }]
 */
export function paletteSections(query: string, entries: readonly PaletteEntry[] = allEntries): PaletteSection[] {
  const words = query.toLowerCase().split(/\s+/).filter(Boolean);
  const matches = (entry: PaletteEntry) => {
    const haystack = `${entry.title} ${entry.type} ${entry.description}`.toLowerCase();
    return words.every((word) => haystack.includes(word));
  };
  return paletteGroups
    .map((group) => ({ group, entries: entries.filter((entry) => entry.group === group && matches(entry)) }))
    .filter((section) => section.entries.length > 0);
}
