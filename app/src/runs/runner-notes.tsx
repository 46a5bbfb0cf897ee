import { For } from "solid-js";
import { engineClient } from "./engine-client.ts";
import { describeNote } from "./job-notes.ts";

/** Per runner-placed node of the shown run: queued for which labels, which runner ran it, lost runners, its last log line. */
export function RunnerNotes(props: { runId: string | undefined; label: (nodeId: string) => string }) {
  const notes = () => [...engineClient().jobNotes().values()].filter((note) => note.runId === props.runId);
  return (
    <For each={notes()}>
      {(note) => (
        <div class="rp-runner-note" role="status" data-node={note.nodeId} data-state={note.state}>
          <strong>{props.label(note.nodeId)}</strong>: {describeNote(note)}
          {note.log?.length ? <span class="muted"> — {note.log.at(-1)}</span> : ""}
        </div>
      )}
    </For>
  );
}
