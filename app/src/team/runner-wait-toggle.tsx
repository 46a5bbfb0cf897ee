import { createResource, Show } from "solid-js";
import type { NexusDb } from "../storage/db.ts";
import type { TeamStore } from "./team-store.ts";
import { queuesForRunner, runnerWaitKey } from "./runner-wait.ts";

/**
 * The run panel's "Queue until a runner is online" checkbox, per flow, shown with a team: off,
 * a runner-placed node with no runner to take it fails at once saying why; on, it waits.
 */
export function RunnerWaitToggle(props: { db: NexusDb; team: TeamStore | undefined; flowId: string }) {
  // Read only while the toggle shows (a team is connected): not on every editor opening.
  const [queue, { mutate }] = createResource(() => (props.team?.connection() ? props.flowId : undefined), async (flowId) => queuesForRunner((await props.db.settings.get(runnerWaitKey(flowId)))?.value));
  async function choose(on: boolean) {
    mutate(on);
    await props.db.settings.put({ key: runnerWaitKey(props.flowId), value: on ? "queue" : "fail" });
  }
  return (
    <Show when={props.team?.connection()}>
      <label class="rp-input-label rp-runner-wait" title="Nodes placed on a runner wait when no runner can take them (or this browser is offline), instead of failing at once">
        <input type="checkbox" checked={queue() ?? false} onChange={(event) => void choose(event.currentTarget.checked)} />
        Queue until a runner is online
      </label>
    </Show>
  );
}
