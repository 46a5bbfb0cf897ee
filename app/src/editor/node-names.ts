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
  for (const id of unlabelled) {
    const name = freeName(nodeVisual(nodes[id]!.type).title, taken);
    names.set(id, name);
    taken.add(name);
  }
  return names;
}

/** The title alone when no node shows it yet, else the title and the smallest free ordinal from 2. */
export function freeName(title: string, taken: ReadonlySet<string>): string {
  if (!taken.has(title)) return title;
  for (let ordinal = 2; ; ordinal++) if (!taken.has(`${title} ${ordinal}`)) return `${title} ${ordinal}`;
}

/** A label for a node being added now, so later additions never renumber it; undefined when the title alone is free. */
export function labelForNew(type: string, names: ReadonlyMap<string, string>): string | undefined {
  const title = nodeVisual(type).title;
  const name = freeName(title, new Set(names.values()));
  return name === title ? undefined : name;
}
