/**
 * The stated limits on JSON that crosses a boundary (flow files, run inputs, node outputs),
 * and the caps on what error messages quote. Checked without recursion, so a value nested
 * 100,000 levels deep is refused with a path instead of overflowing the stack.
 */

/** Deepest nesting of objects and arrays accepted in a flow file or a payload. */
export const maxNestingDepth = 256;
/** Default size limit of one payload (a run input, a node's input or output): 16 MiB of JSON. */
export const defaultMaxPayloadBytes = 16 * 1024 * 1024;
/** How much of an offending value an error message quotes. */
export const maxQuotedChars = 200;
/** How much of a thrown message is kept on a node's error. */
export const maxMessageChars = 4096;

export type JsonCheck =
  | { readonly ok: true; readonly size: number }
  | { readonly ok: false; readonly problem: "too-deep" | "proto-key"; readonly path: readonly PropertyKey[] };

export interface JsonCheckOptions {
  readonly maxDepth?: number;
  /** Refuse `__proto__` as a key (flow documents: a schema would drop it silently). */
  readonly rejectProtoKey?: boolean;
  /** Sizes already measured, by identity: pass-through outputs are not measured twice. */
  readonly known?: WeakMap<object, number>;
  /** Stop once the size passes this (the answer is then "at least this"; depth is not fully checked). */
  readonly stopAbove?: number;
}

/**
 * Walks a JSON value once: its size as JSON text (UTF-16 code units, the same as bytes for
 * ASCII; escapes inside strings are not counted, so nothing scans a 20 MB string; measured
 * without serializing it), and whether it nests deeper than allowed.
 * @example checkJson({ a: [1, "xy"] }) // { ok: true, size: 14 }
 * @example checkJson(deep, { maxDepth: 2 }) // { ok: false, problem: "too-deep", path: ["a", "b", "c"] }
 */
export function checkJson(value: unknown, options: JsonCheckOptions = {}): JsonCheck {
  const maxDepth = options.maxDepth ?? maxNestingDepth;
  const stopAbove = options.stopAbove ?? Infinity;
  const values: unknown[] = [value];
  const depths: number[] = [0];
  let size = 0;
  while (values.length && size <= stopAbove) {
    const item = values.pop();
    const depth = depths.pop()!;
    if (typeof item === "string") size += item.length + 2;
    else if (typeof item === "number") size += numberLength(item);
    else if (typeof item === "boolean") size += item ? 4 : 5;
    else if (item === null || typeof item !== "object") size += 4;
    else {
      const known = depth <= 1 ? options.known?.get(item) : undefined;
      if (known !== undefined) {
        size += known;
        continue;
      }
      if (depth >= maxDepth) return { ok: false, problem: "too-deep", path: pathTo(value, (_v, at) => at > maxDepth, maxDepth + 1) };
      size += pushChildren(item, depth + 1, values, depths, options.rejectProtoKey === true);
      if (size < 0) return { ok: false, problem: "proto-key", path: pathTo(value, isProtoKeyHolder, maxDepth + 1) };
    }
  }
  return { ok: true, size };
}

/** Pushes the children of one container; returns the size of its punctuation and keys (−∞ on a `__proto__` key). */
function pushChildren(item: object, depth: number, values: unknown[], depths: number[], rejectProtoKey: boolean): number {
  if (Array.isArray(item)) {
    for (let i = 0; i < item.length; i++) values.push(item[i]), depths.push(depth);
    return 2 + Math.max(0, item.length - 1);
  }
  let size = 1;
  for (const key of Object.keys(item)) {
    if (rejectProtoKey && key === "__proto__") return -Infinity;
    values.push((item as Record<string, unknown>)[key]);
    depths.push(depth);
    size += key.length + 4; // quotes, colon, comma
  }
  return size === 1 ? 2 : size;
}

/**
 * `checkJson(value).size` of an object whose values are all scalars, without the walk's
 * stacks; `undefined` for an array or an object holding one. Most node outputs are like
 * `{ v: 1 }`: a 10,000-transform run measured 10,000 of them through the full walk.
 * @example flatJsonSize({ v: 12 }) // 8, the length of {"v":12}
 */
export function flatJsonSize(value: object): number | undefined {
  if (Array.isArray(value)) return undefined;
  const keys = Object.keys(value);
  let size = keys.length === 0 ? 2 : 1;
  for (let i = 0; i < keys.length; i++) {
    const key = keys[i]!;
    const item = scalarSize((value as Record<string, unknown>)[key]);
    if (item === undefined) return undefined;
    size += item + key.length + 4; // quotes, colon, comma (the last one's stands for the closing brace)
  }
  return size;
}

/**
 * `checkJson(value).size` one level up from flatJsonSize: an object or array whose values are
 * scalars or flat objects, such as a merge of upstream outputs like `{ v: 1 }`; `undefined` for
 * anything nested deeper. A 10,000-transform fan-in measured its merge (20,000 values) through
 * the walk's two stacks at ~8 ms; one loop and a flatJsonSize per value is a fraction of that.
 * @example shallowJsonSize({ a: { v: 1 }, b: 2 }) // 19, the length of {"a":{"v":1},"b":2}
 */
export function shallowJsonSize(value: object): number | undefined {
  if (Array.isArray(value)) {
    let size = value.length === 0 ? 2 : 1 + value.length; // brackets and commas
    for (let i = 0; i < value.length; i++) {
      const item = itemSize(value[i]);
      if (item === undefined) return undefined;
      size += item;
    }
    return size;
  }
  const keys = Object.keys(value);
  let size = keys.length === 0 ? 2 : 1;
  for (let i = 0; i < keys.length; i++) {
    const key = keys[i]!;
    const item = itemSize((value as Record<string, unknown>)[key]);
    if (item === undefined) return undefined;
    size += item + key.length + 4; // quotes, colon, comma (the last one's stands for the closing brace)
  }
  return size;
}

/** A scalar's size, or a flat object's; `undefined` for an array or anything deeper. */
function itemSize(item: unknown): number | undefined {
  return scalarSize(item) ?? flatJsonSize(item as object);
}

/** A scalar's size as JSON (undefined and functions count as null, as checkJson has it); `undefined` for an object or array. */
function scalarSize(item: unknown): number | undefined {
  if (typeof item === "string") return item.length + 2;
  if (typeof item === "number") return numberLength(item);
  if (typeof item === "boolean") return item ? 4 : 5;
  if (item === null || typeof item !== "object") return 4;
  return undefined;
}

function numberLength(value: number): number {
  return Number.isInteger(value) && Math.abs(value) < 1e9 ? (value < 0 ? 2 : 1) + Math.floor(Math.log10(Math.abs(value) || 1)) : String(value).length;
}

function isProtoKeyHolder(value: unknown): boolean {
  return typeof value === "object" && value !== null && !Array.isArray(value) && Object.keys(value).includes("__proto__");
}

/**
 * The path to the first value (depth first) for which `found(value, depth)` holds, looking no
 * deeper than `limit` levels, so the recursion is bounded. For a `__proto__` holder the path
 * ends with that key.
 */
function pathTo(root: unknown, found: (value: unknown, depth: number) => boolean, limit: number): PropertyKey[] {
  const path: PropertyKey[] = [];
  const search = (value: unknown, depth: number): boolean => {
    if (typeof value !== "object" || value === null) return false;
    if (found(value, depth)) {
      if (!Array.isArray(value) && Object.keys(value).includes("__proto__") && found === isProtoKeyHolder) path.push("__proto__");
      return true;
    }
    if (depth >= limit) return false;
    const entries: Array<[PropertyKey, unknown]> = Array.isArray(value) ? value.map((item, i) => [i, item]) : Object.entries(value);
    for (const [key, child] of entries) {
      path.push(key);
      if (search(child, depth + 1)) return true;
      path.pop();
    }
    return false;
  };
  search(root, 1);
  return path;
}

/**
 * Cuts a message to `max` characters, saying that it was cut and how long it was.
 * @example cutText("x".repeat(5000), 10) // "xxxxxxxxxx… (cut; 5,000 characters in all)"
 */
export function cutText(text: string, max = maxMessageChars): string {
  if (text.length <= max) return text;
  return `${text.slice(0, max)}… (cut; ${text.length.toLocaleString("en-US")} characters in all)`;
}

/**
 * A value as an error message quotes it: JSON, at most `max` characters of it.
 * @example quoteValue("shell") // "\"shell\""
 */
export function quoteValue(value: unknown, max = maxQuotedChars): string {
  if (typeof value === "string") {
    if (value.length <= max) return JSON.stringify(value);
    return `${JSON.stringify(value.slice(0, max))}… (cut; ${value.length.toLocaleString("en-US")} characters in all)`;
  }
  let text: string | undefined;
  try {
    text = JSON.stringify(value);
  } catch {
    text = undefined;
  }
  return cutText(text ?? String(value), max);
}

/**
 * `16777216` → `"16 MB"`, `1536` → `"1.5 KB"`: sizes in messages. Given `beside`, a size that
 * would read the same as it is given in bytes, so "over the limit" never reads "16 MB > 16 MB".
 */
export function formatBytes(bytes: number, beside?: number): string {
  const [unit, scale] = bytes >= 1024 * 1024 ? ["MB", 1024 * 1024] : bytes >= 1024 ? ["KB", 1024] : ["bytes", 1];
  const text = `${(bytes / scale).toFixed(1).replace(/\.0$/, "")} ${unit}`;
  if (beside !== undefined && bytes !== beside && text === formatBytes(beside)) return `${bytes.toLocaleString("en-US")} bytes`;
  return text;
}
