import { nodeVisual } from "../ui/node-visuals.ts";

/**
 * The names people see for nodes: the label they gave, or the type's title with a short
 * ordinal ("HTTP request", "HTTP request 2"), never a generated id. Every place that names a
 * node (canvas, log, timeline, Data tab, validation messages) uses these, so they agree.
 * Unlabelled nodes are numbered in id order: the same on every collaborator's screen.
 */
export interface NamedNode {
  readonly type: string;
  readonly label?: string | undefined;
}

/**
 * @example displayNames({ a: { type: "http.request" }, b: { type: "http.request" } }) // a → "HTTP request", b → "HTTP request 2"
 */
export function displayNames(nodes: Readonly<Record<string, NamedNode>>): Map<string, string> {
  const names = new Map<string, string>();
  const taken = new Set<string>();
  const unlabelled: string[] = [];
  for (const [id, node] of Object.entries(nodes)) {
    if (node.label) names.set(id, node.label), taken.add(node.label);
    else unlabelled.push(id);
  }
  unlabelled.sort();
  // Where each title's search for a free ordinal resumes: every ordinal below it is taken
  // (and stays taken), so a thousand Code nodes cost a thousand lookups, not half a million.
  const nextOrdinal = new Map<string, number>();
  for (const id of unlabelled) {
    const title = nodeVisual(nodes[id]!.type).title;
    const name = freeName(title, taken, nextOrdinal.get(title));
    names.set(id, name);
    taken.add(name);
    nextOrdinal.set(title, name === title ? 2 : Number(name.slice(title.length + 1)) + 1);
  }
  return names;
}

/** The title alone when no node shows it yet, else the title and the smallest free ordinal from 2 (or from `from`). */
export function freeName(title: string, taken: ReadonlySet<string>, from = 2): string {
  if (!taken.has(title)) return title;
  for (let ordinal = from; ; ordinal++) if (!taken.has(`${title} ${ordinal}`)) return `${title} ${ordinal}`;
}

/** A label for a node being added now, so later additions never renumber it; undefined when the title alone is free. */
export function labelForNew(type: string, names: ReadonlyMap<string, string>): string | undefined {
  const title = nodeVisual(type).title;
  const name = freeName(title, new Set(names.values()));
  return name === title ? undefined : name;
}
