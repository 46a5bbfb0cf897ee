import { liveQuery } from "dexie";
import { createEffect, createSignal, on, onCleanup, type Accessor } from "solid-js";

export interface LiveQuery<T> {
  /** The latest result; `undefined` until the first one arrives. */
  readonly value: Accessor<T | undefined>;
  /** Why the query failed, if it did (shown by the component, never swallowed). */
  readonly error: Accessor<unknown>;
}

/**
 * A Dexie query as Solid signals. It re-runs whenever a table it read changes, in this tab
 * or another, and again when `key` changes.
 *
 * @example
 * const flows = createLiveQuery(() => true, () => repo.list());
 * <For each={flows.value() ?? []}>{(flow) => flow.name}</For>
 */
export function createLiveQuery<K, T>(key: Accessor<K>, query: (key: K) => Promise<T>): LiveQuery<T> {
  const [value, setValue] = createSignal<T>();
  const [error, setError] = createSignal<unknown>();
  createEffect(
    on(key, (current) => {
      const subscription = liveQuery(() => query(current)).subscribe({
        next: (result) => (setError(undefined), setValue(() => result)),
        error: (failure: unknown) => setError(() => failure),
      });
      onCleanup(() => subscription.unsubscribe());
    }),
  );
  return { value, error };
}
