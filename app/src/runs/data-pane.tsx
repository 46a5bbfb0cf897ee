import { Show } from "solid-js";
import type { JsonValue } from "@nexus-flow/shared";
import { JsonTree } from "./json-tree.tsx";
import { toast } from "../ui/toast.tsx";

export interface DataPaneProps {
  readonly title: "Input" | "Output";
  readonly value: JsonValue | undefined;
  /** Shown when there is no value. */
  readonly empty?: string;
  /** Names the pane where two panes of one title may show (e.g. "Last run, what came out"). */
  readonly label?: string;
  /** Names its Copy button then (e.g. "Copy last run output"). */
  readonly copyLabel?: string;
  /** Levels of the tree open at first (2; 0 shows it collapsed). */
  readonly openDepth?: number;
}

/** One value of a node's run (what went in, what came out) as a JSON tree with a Copy button. */
export function DataPane(props: DataPaneProps) {
  const label = () => props.label ?? props.title;
  async function copy() {
    try {
      await navigator.clipboard.writeText(JSON.stringify(props.value ?? null, null, 2));
      toast(`${props.title} copied`, { kind: "success", ms: 2000 });
    } catch {
      toast("The browser did not allow copying to the clipboard.", { kind: "error" });
    }
  }
  return (
    <section class="rp-data-pane" aria-label={label()}>
      <header>
        <span class="panel-title">{props.title}</span>
        <button class="button rp-copy" aria-label={props.copyLabel ?? `Copy ${props.title.toLowerCase()}`} disabled={props.value === undefined} onClick={copy}>Copy</button>
      </header>
      <div class="rp-data-value">
        <Show when={props.value !== undefined} fallback={<p class="muted">{props.empty ?? "Nothing."}</p>}>
          <JsonTree value={props.value!} {...(props.openDepth === undefined ? {} : { openDepth: props.openDepth })} />
        </Show>
      </div>
    </section>
  );
}
