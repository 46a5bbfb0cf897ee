import { createEffect, createSignal, on, onCleanup, type Accessor } from "solid-js";
import type { JsonValue } from "@nexus-flow/shared";

export type Parsed<V> = { ok: true; value: V } | { ok: false; error: string };

export interface TextDraftOptions<V> {
  /** The value in the doc. */
  readonly source: Accessor<V>;
  readonly format: (value: V) => string;
  readonly parse: (text: string) => Parsed<V>;
  readonly commit: (value: V) => void;
  readonly delayMs?: number;
}

export interface TextDraft {
  readonly text: Accessor<string>;
  /** Why the text cannot be committed (e.g. a JSON parse error), shown in place. */
  readonly error: Accessor<string | undefined>;
  /** Every keystroke: the commit follows after a pause. */
  edit(text: string): void;
  /** Commits now (blur, Enter, unmount). */
  flush(): void;
}

/**
 * What a field shows while someone types. Edits are committed after a pause (~300 ms), so
 * typing is one undo step per pause, not per key; a change in the doc (undo, another tab)
 * replaces the text unless an edit is pending or the text already means the same value.
 */
export function createTextDraft<V>(options: TextDraftOptions<V>): TextDraft {
  const [text, setText] = createSignal(options.format(options.source()));
  const [error, setError] = createSignal<string>();
  let pending = false;
  let timer: ReturnType<typeof setTimeout> | undefined;

  createEffect(
    on(options.source, (value) => {
      if (pending) return;
      const parsed = options.parse(text());
      if (parsed.ok && sameJson(parsed.value, value)) return;
      setText(options.format(value));
      setError(undefined);
    }, { defer: true }),
  );

  function flush() {
    clearTimeout(timer);
    if (!pending) return;
    pending = false;
    const parsed = options.parse(text());
    if (!parsed.ok) return void setError(parsed.error);
    setError(undefined);
    if (!sameJson(parsed.value, options.source())) options.commit(parsed.value);
  }
  onCleanup(flush);

  return {
    text,
    error,
    edit(next) {
      setText(next);
      pending = true;
      clearTimeout(timer);
      timer = setTimeout(flush, options.delayMs ?? 300);
    },
    flush,
  };
}

/** Deep equality of JSON-like values (key order ignored). */
export function sameJson(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (typeof a !== "object" || typeof b !== "object" || a === null || b === null) return false;
  if (Array.isArray(a) !== Array.isArray(b)) return false;
  const keysA = Object.keys(a);
  const keysB = Object.keys(b);
  if (keysA.length !== keysB.length) return false;
  return keysA.every((key) => sameJson((a as Record<string, unknown>)[key], (b as Record<string, unknown>)[key]));
}

/** Text fields: an empty optional field is absent, an empty required one is `""` (so the validator names it). */
export const textCodec = (required: boolean) => ({
  format: (value: unknown) => (value === undefined || value === null ? "" : typeof value === "string" ? value : JSON.stringify(value)),
  parse: (text: string): Parsed<string | undefined> => ({ ok: true, value: text === "" && !required ? undefined : text }),
});

/** Number fields: empty is absent; the validator judges range and integer-ness. */
export const numberCodec = {
  format: (value: unknown) => (value === undefined || value === null ? "" : String(value)),
  parse: (text: string): Parsed<number | undefined> => {
    if (text.trim() === "") return { ok: true, value: undefined };
    const value = Number(text);
    return Number.isFinite(value) ? { ok: true, value } : { ok: false, error: "Enter a number." };
  },
};

/** JSON fields: empty is absent; a parse error is shown and nothing is committed. */
export const jsonCodec = {
  format: (value: unknown) => (value === undefined ? "" : JSON.stringify(value, null, 2)),
  parse: (text: string): Parsed<JsonValue | undefined> => {
    if (text.trim() === "") return { ok: true, value: undefined };
    try {
      return { ok: true, value: JSON.parse(text) as JsonValue };
    } catch (error) {
      return { ok: false, error: `Not valid JSON: ${(error as Error).message}` };
    }
  },
};
