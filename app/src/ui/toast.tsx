import { createSignal, For, Show } from "solid-js";

export interface Toast {
  readonly id: number;
  readonly message: string;
  readonly kind: "info" | "error" | "success";
  readonly action?: { label: string; run: () => void };
}

const [toasts, setToasts] = createSignal<Toast[]>([]);
let nextId = 1;

/**
 * Shows a short message at the bottom of the window; errors stay longer. An action
 * (e.g. "Undo") makes the toast a button people can press.
 */
export function toast(message: string, options: { kind?: Toast["kind"]; action?: Toast["action"]; ms?: number } = {}): void {
  const item: Toast = { id: nextId++, message, kind: options.kind ?? "info", ...(options.action ? { action: options.action } : {}) };
  setToasts((list) => [...list.slice(-3), item]);
  setTimeout(() => setToasts((list) => list.filter((other) => other !== item)), options.ms ?? (item.kind === "error" ? 8000 : 4000));
}

export function Toasts() {
  return (
    <div class="toasts" role="status" aria-live="polite">
      <For each={toasts()}>
        {(item) => (
          <div class={`toast toast-${item.kind}`}>
            <span>{item.message}</span>
            <Show when={item.action}>
              {(action) => (
                <button class="button button-ghost" onClick={() => (action().run(), setToasts((list) => list.filter((other) => other !== item)))}>
                  {action().label}
                </button>
              )}
            </Show>
          </div>
        )}
      </For>
    </div>
  );
}
