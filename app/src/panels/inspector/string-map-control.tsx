import { createEffect, createSignal, Index, on, onCleanup, Show } from "solid-js";
import { sameJson } from "./text-draft.ts";
import type { ControlProps } from "./controls.tsx";

type Row = { readonly id: number; readonly key: string; readonly value: string };
type StringMap = Record<string, string>;

/**
 * A string → string record (HTTP headers) as key/value rows with add and remove. Rows with
 * an empty name are kept on screen but not written; edits are committed after a pause.
 */
export function StringMapControl(props: ControlProps<StringMap | undefined> & { itemLabel: string }) {
  let nextId = 0;
  const rowsOf = (value: unknown): Row[] =>
    typeof value === "object" && value !== null && !Array.isArray(value) ? Object.entries(value).map(([key, text]) => ({ id: nextId++, key, value: String(text) })) : [];
  const [rows, setRows] = createSignal<Row[]>(rowsOf(props.value()));
  let pending = false;
  let timer: ReturnType<typeof setTimeout> | undefined;

  const recordOf = (list: readonly Row[]): StringMap | undefined => {
    const named = list.filter((row) => row.key.trim() !== "");
    return named.length ? Object.fromEntries(named.map((row) => [row.key.trim(), row.value])) : undefined;
  };
  const flush = () => {
    clearTimeout(timer);
    if (!pending) return;
    pending = false;
    const record = recordOf(rows());
    if (!sameJson(record, props.value())) props.commit(record);
  };
  const update = (list: Row[], immediately = false) => {
    setRows(list);
    pending = true;
    clearTimeout(timer);
    if (immediately) flush();
    else timer = setTimeout(flush, 300);
  };
  onCleanup(flush);
  // The doc changed underneath (undo, another tab): show it, unless we are mid-edit.
  createEffect(on(props.value, (value) => !pending && !sameJson(recordOf(rows()), value ?? undefined) && setRows(rowsOf(value)), { defer: true }));

  const change = (id: number, part: "key" | "value", text: string) => update(rows().map((row) => (row.id === id ? { ...row, [part]: text } : row)));
  let list!: HTMLDivElement;
  const add = () => {
    setRows([...rows(), { id: nextId++, key: "", value: "" }]);
    queueMicrotask(() => list.querySelector<HTMLInputElement>(".kv-row:last-of-type input")?.focus());
  };

  return (
    <div class="kv" id={props.id} role="group" aria-label={props.label} aria-invalid={props.invalid || undefined}>
      <div class="kv-rows" ref={list}>
        <Index each={rows()}>
          {(row) => (
            <div class="kv-row">
              <input class="input" aria-label={`${props.itemLabel} name`} placeholder="Name" value={row().key} disabled={props.readOnly} onInput={(event) => change(row().id, "key", event.currentTarget.value)} onBlur={flush} />
              <input class="input" aria-label={`${props.itemLabel} value`} placeholder="Value" value={row().value} disabled={props.readOnly} onInput={(event) => change(row().id, "value", event.currentTarget.value)} onBlur={flush} />
              <Show when={!props.readOnly}>
                <button type="button" class="button button-ghost icon-button" aria-label={`Remove ${props.itemLabel.toLowerCase()} ${row().key}`.trim()} title="Remove" onClick={() => update(rows().filter((other) => other.id !== row().id), true)}>
                  ×
                </button>
              </Show>
            </div>
          )}
        </Index>
      </div>
      <Show when={!props.readOnly}>
        <button type="button" class="button button-ghost kv-add" onClick={add}>
          + Add {props.itemLabel.toLowerCase()}
        </button>
      </Show>
      <Show when={props.readOnly && rows().length === 0}>
        <p class="muted kv-empty">None</p>
      </Show>
    </div>
  );
}
