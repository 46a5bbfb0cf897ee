import type { ErrorData } from "../errors/index.ts";
import type { Flow } from "../flow/flow-schema.ts";
import { formatPath } from "../flow/flow-issue.ts";
import { checkJson, cutText, defaultMaxPayloadBytes, formatBytes, maxNestingDepth, shallowJsonSize } from "../json-limits.ts";

/** Values at least this large (as JSON) have their size remembered by identity. */
const REMEMBER_FROM_BYTES = 1024;

export const PayloadErrorCode = { TooLarge: "PAYLOAD_TOO_LARGE", TooDeep: "PAYLOAD_TOO_DEEP" } as const;

/** Checks payloads at node boundaries (SPEC rules B1, B2); `undefined` when the value is within limits. */
export type PayloadGuard = (value: unknown, what: string, root: string) => ErrorData | undefined;

/**
 * The flow's payload limits as one check. Sizes are remembered by identity, so an output that
 * passes through five nodes unchanged is measured once, and a 10,000-node run of small
 * outputs pays a short walk per node, not a serialization.
 * @example createPayloadGuard(flow)(output, 'node "a" output', "output") // undefined, or PAYLOAD_TOO_LARGE
 */
export function createPayloadGuard(flow: Flow): PayloadGuard {
  const maxBytes = flow.settings?.maxPayloadBytes ?? defaultMaxPayloadBytes;
  const known = new WeakMap<object, number>();
  const options = { known };
  return (value, what, root) => {
    // Fast path, the common case: a value already measured (passed through), a scalar, a flat
    // object, or a merge of flat outputs (one level deeper, far from the nesting limit).
    const size = typeof value === "object" && value !== null ? (known.get(value) ?? shallowJsonSize(value)) : typeof value === "string" ? value.length + 2 : typeof value !== "object" ? 0 : undefined;
    if (size !== undefined && size <= maxBytes) return undefined;
    const checked = checkJson(value, options);
    if (!checked.ok) {
      const message = `${what} is nested deeper than ${maxNestingDepth} levels (the limit), at ${cutText(formatPath([root, ...checked.path]), 300)}`;
      return { code: PayloadErrorCode.TooDeep, message, retryable: false };
    }
    // Only sizes worth remembering: a WeakMap entry costs more than measuring a small value
    // again (a 10,000-transform run spent ~3 % of its time adding entries for `{ v: 1 }`).
    if (typeof value === "object" && value !== null && checked.size >= REMEMBER_FROM_BYTES) known.set(value, checked.size);
    if (checked.size <= maxBytes) return undefined;
    const setting = flow.settings?.maxPayloadBytes === undefined ? "the default; raise it with settings.maxPayloadBytes" : "settings.maxPayloadBytes";
    return { code: PayloadErrorCode.TooLarge, message: `${what} is ${formatBytes(checked.size, maxBytes)} of JSON, over the payload limit of ${formatBytes(maxBytes)} (${setting})`, retryable: false };
  };
}
