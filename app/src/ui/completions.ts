import type { JsonValue } from "@nexus-flow/shared";

/** What code of a node can read, as recorded in the last run: its `input` and upstream outputs. */
export interface CompletionScope {
  readonly input?: JsonValue | undefined;
  /** Outputs by node id (`ctx.nodes.<id>`). */
  readonly nodes: Readonly<Record<string, JsonValue | undefined>>;
  /** Node names as people see them, shown beside the ids under `ctx.nodes.`. */
  readonly names?: (nodeId: string) => string;
}

export interface CompletionItem {
  /** What the list shows (a key). */
  readonly label: string;
  /** A hint: the value's kind (`object`, `string`, `3 items`…). */
  readonly detail: string;
  /** Text that replaces `from`–`to`: `.key`, or `["odd-key"]` for a key that is not a name. */
  readonly insert: string;
}

export interface Completions {
  readonly from: number;
  readonly to: number;
  readonly items: readonly CompletionItem[];
}

// `input.a.b.` / `ctx.nodes.fetch.bo`: a root, dotted names, then a dot and what is typed so far.
const pathBeforeCaret = /(?<![\w$.])(input|ctx)((?:\.[A-Za-z_$][\w$]*|\[(?:"[^"]*"|'[^']*'|\d+)\])*)\.([\w$]*)$/;
const segment = /\.([A-Za-z_$][\w$]*)|\["([^"]*)"\]|\['([^']*)'\]|\[(\d+)\]/g;
const identifier = /^[A-Za-z_$][\w$]*$/;
const maxItems = 50;

/**
 * The keys that can follow the dotted path ending at the caret, from recorded run data.
 * @example completionsAt("return input.us", 15, { input: { user: {}, usage: 1 }, nodes: {} }) // items user, usage; from 12
 */
export function completionsAt(text: string, caret: number, scope: CompletionScope, options: { templatesOnly?: boolean } = {}): Completions | undefined {
  const before = text.slice(0, caret);
  // In a text field, only inside a `{{ expression }}` template: elsewhere `input.` is just text.
  if (options.templatesOnly && before.lastIndexOf("{{") <= before.lastIndexOf("}}")) return undefined;
  const match = pathBeforeCaret.exec(before);
  if (!match) return undefined;
  const [whole, root, path, typed] = match as unknown as [string, string, string, string];
  const value = resolve(root === "input" ? scope.input : { nodes: scope.nodes }, path);
  if (value === null || typeof value !== "object") return undefined;
  const keys = Array.isArray(value) ? ["length"] : Object.keys(value);
  const lower = typed.toLowerCase();
  const listsNodes = root === "ctx" && path === ".nodes";
  const detailOf = (key: string) => (listsNodes && scope.names ? scope.names(key) : kindOf(Array.isArray(value) ? value.length : (value as Record<string, JsonValue>)[key]));
  const items = keys
    .filter((key) => key.toLowerCase().startsWith(lower) && key !== typed)
    .slice(0, maxItems)
    .map((key) => ({ label: key, detail: detailOf(key), insert: identifier.test(key) ? `.${key}` : `[${JSON.stringify(key)}]` }));
  const dot = match.index + whole.length - typed.length - 1;
  return items.length ? { from: dot, to: caret, items } : undefined;
}

function resolve(start: unknown, path: string): unknown {
  let value = start;
  for (const [, name, double, single, index] of path.matchAll(segment)) {
    if (value === null || typeof value !== "object") return undefined;
    const key = name ?? double ?? single ?? index!;
    value = Object.hasOwn(value, key) ? (value as Record<string, unknown>)[key] : undefined;
  }
  return value;
}

function kindOf(value: JsonValue | number | undefined): string {
  if (Array.isArray(value)) return `${value.length} item${value.length === 1 ? "" : "s"}`;
  if (value === null) return "null";
  return typeof value === "object" ? "object" : typeof value === "string" ? "text" : typeof value;
}
