/**
 * Records keyed by a user's strings (node ids, header names, object keys of payloads).
 *
 * Why this exists: on a plain `{}`, a node named `constructor` or `toString` is "already
 * there" (inherited from Object.prototype), and assigning `__proto__` replaces the prototype
 * instead of storing a value. A null-prototype object has neither problem, stays plain data
 * for JSON, Comlink and the wire, and reads like the record it replaces. Use `Map` where the
 * value never leaves the process.
 */

/**
 * An empty record with no prototype: `key in record` and `record[key]` see own keys only,
 * and `record["__proto__"] = v` stores `v`.
 * @example const byId = dict<number>(); byId["constructor"] = 1; "toString" in byId // false
 */
export function dict<T>(): Record<string, T> {
  return Object.create(null) as Record<string, T>;
}

/**
 * A null-prototype record of `entries` (later keys win), built without prototype lookups.
 * @example dictFrom([["__proto__", 1]])["__proto__"] // 1
 */
export function dictFrom<T>(entries: Iterable<readonly [string, T]>): Record<string, T> {
  const record = dict<T>();
  for (const [key, value] of entries) record[key] = value;
  return record;
}

const hasOwnProperty = Object.prototype.hasOwnProperty;

/** True when `record` has `key` as its own property (never an inherited one). */
export function hasKey(record: object, key: string): boolean {
  return hasOwnProperty.call(record, key);
}

/** `record[key]` when it is an own property, else `undefined`. */
export function ownValue<T>(record: Readonly<Record<string, T>>, key: string): T | undefined {
  return hasOwnProperty.call(record, key) ? record[key] : undefined;
}
