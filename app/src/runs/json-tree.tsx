import { For, Show } from "solid-js";
import type { JsonValue } from "@nexus-flow/shared";

/** Children drawn per object or array; the rest are summarised (a node may output 100,000 rows). */
const maxChildren = 200;

/**
 * A JSON value as a collapsible tree (native `<details>`, so keyboard and screen readers
 * work): the top levels open, deeper ones closed.
 * @example <JsonTree value={{ a: [1, 2] }} />
 */
export function JsonTree(props: { value: JsonValue; openDepth?: number }) {
  return (
    <div class="json-tree">
      <JsonNode value={props.value} depth={0} openDepth={props.openDepth ?? 2} />
    </div>
  );
}

function JsonNode(props: { name?: string; value: JsonValue; depth: number; openDepth: number }) {
  const isContainer = () => props.value !== null && typeof props.value === "object";
  return (
    <Show when={isContainer()} fallback={<Leaf name={props.name} value={props.value} />}>
      <Branch name={props.name} value={props.value as JsonValue[] | { [key: string]: JsonValue }} depth={props.depth} openDepth={props.openDepth} />
    </Show>
  );
}

function Branch(props: { name?: string; value: JsonValue[] | { [key: string]: JsonValue }; depth: number; openDepth: number }) {
  const entries = () => (Array.isArray(props.value) ? props.value.map((item, index) => [String(index), item] as const) : Object.entries(props.value));
  const summary = () => (Array.isArray(props.value) ? `[ ${props.value.length} item${props.value.length === 1 ? "" : "s"} ]` : `{ ${entries().length} key${entries().length === 1 ? "" : "s"} }`);
  return (
    <details class="json-branch" open={props.depth < props.openDepth}>
      <summary>
        <Show when={props.name !== undefined}><span class="json-key">{props.name}</span>: </Show>
        <span class="json-summary">{summary()}</span>
      </summary>
      <div class="json-children">
        <For each={entries().slice(0, maxChildren)}>{([key, child]) => <JsonNode name={key} value={child} depth={props.depth + 1} openDepth={props.openDepth} />}</For>
        <Show when={entries().length > maxChildren}>
          <div class="muted">… {(entries().length - maxChildren).toLocaleString()} more (use Copy to see everything)</div>
        </Show>
      </div>
    </details>
  );
}

function Leaf(props: { name?: string | undefined; value: JsonValue }) {
  const kind = () => (props.value === null ? "null" : typeof props.value);
  return (
    <div class="json-leaf">
      <Show when={props.name !== undefined}><span class="json-key">{props.name}</span>: </Show>
      <span class="json-value" data-kind={kind()}>{JSON.stringify(props.value)}</span>
    </div>
  );
}
