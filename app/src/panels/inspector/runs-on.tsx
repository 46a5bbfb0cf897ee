import { createSignal, For, Show } from "solid-js";
import type { FlowNode } from "@nexus-flow/shared";
import type { EditorSession } from "../../editor/editor-session.ts";
import { setNodeField } from "../../flow-doc/index.ts";
import type { TeamStore } from "../../team/team-store.ts";
import { nodeNeeds, parseLabels, placementOf, placementWarning, runnerOnly } from "../../team/placement.ts";
import { commitEdit, fieldId } from "./edit.ts";

/**
 * "Runs on": this browser, or a team runner with labels (offered from the labels the team's
 * runners advertise). Writes the node's `runner: { labels }`; a browser run hands such a node
 * to the hub as a job.
 */
export function RunsOn(props: { session: EditorSession; node: FlowNode; team: TeamStore | undefined; readOnly: boolean }) {
  const id = () => props.node.id;
  // A runner-only type without its own placement runs on any runner (its type's default).
  const placement = () => placementOf(props.node);
  const only = () => runnerOnly(props.node.type);
  const [draft, setDraft] = createSignal<string>();
  const write = (value: { labels: string[] } | undefined) => commitEdit(props.session, () => setNodeField(props.session.doc, id(), "runner", value));
  const warning = () => placementWarning(placement(), !!props.team?.connection(), props.team?.runners() ?? [], nodeNeeds(props.node));
  const selectId = fieldId(id(), "runner");
  const labelsId = fieldId(id(), "runner.labels");
  const listId = `${labelsId}-offered`;

  return (
    <div class="field">
      <label for={selectId}>Runs on</label>
      <select id={selectId} class="input" disabled={props.readOnly} value={placement() ? "runner" : "browser"} onChange={(event) => write(event.currentTarget.value === "runner" ? { labels: [] } : undefined)}>
        <option value="browser" disabled={only()}>This browser</option>
        <option value="runner">A runner</option>
      </select>
      <Show when={only()}>
        <p class="muted runs-on-only">Runs on a runner only: a browser cannot open database connections or start processes.</p>
      </Show>
      <Show when={placement()}>
        {(current) => (
          <>
            <label for={labelsId}>Runner labels</label>
            <input
              id={labelsId}
              class="input"
              list={listId}
              readOnly={props.readOnly}
              placeholder="any runner"
              value={draft() ?? current().labels.join(", ")}
              onInput={(event) => setDraft(event.currentTarget.value)}
              onChange={(event) => (write({ labels: parseLabels(event.currentTarget.value) }), setDraft(undefined))}
            />
            <datalist id={listId}>
              <For each={props.team?.labels() ?? []}>{(label) => <option value={label} />}</For>
            </datalist>
            <p class="muted">Offered by the team's runners: {(props.team?.labels() ?? []).join(", ") || "none yet"}</p>
          </>
        )}
      </Show>
      <Show when={warning()}>{(text) => <p class="runs-on-warning" role="status">{text()}</p>}</Show>
    </div>
  );
}
