import { createEffect, getOwner, on, onCleanup, runWithOwner, type Accessor } from "solid-js";
import type { EditorSession } from "./editor-session.ts";
import type { RunSession } from "../runs/run-session.ts";
import type { RoomMembership } from "../collab/room-link.ts";
import { toast } from "../ui/toast.tsx";

/**
 * Keeps an open flow in its room while it is shared: connects (loading the collaboration
 * code only then), shares this person's selection, broadcasts this tab's runs and shows a
 * collaborator's. `onRefused` runs when the relay turns the link down. Call inside the
 * editor's Solid root.
 */
export function followRoom(session: EditorSession, runs: RunSession, room: Accessor<RoomMembership | undefined>, onRefused: () => void = () => {}): void {
  let disposed = false;
  onCleanup(() => (disposed = true));

  createEffect(
    on(room, async (membership) => {
      if (!membership) return;
      // Effects made after the await belong to this effect: they end when the room changes or the editor closes.
      const owner = getOwner();
      const [{ startCollab }, { createRunBroadcaster }] = await Promise.all([import("../collab/collab-session.ts"), import("../collab/run-broadcast.ts")]);
      if (disposed || room() !== membership) return;
      runWithOwner(owner, () => connect(membership, startCollab, createRunBroadcaster));
    }),
  );

  function connect(membership: RoomMembership, startCollab: typeof import("../collab/collab-session.ts").startCollab, createRunBroadcaster: typeof import("../collab/run-broadcast.ts").createRunBroadcaster): void {
    const collab = startCollab(session.doc, membership);
    const broadcaster = createRunBroadcaster((message) => collab.connection.sendRun(message));
    const offRun = collab.connection.onRun((run) => runs.showRemote(run));
    const offNotice = collab.connection.onNotice((message) => toast(message, { kind: "error" }));
    session.setCollab(collab);
    let broadcasting: string | undefined;
    createEffect(() => {
      const view = runs.view();
      if (membership.role !== "edit" || !view || !(view.live || view.runId === broadcasting)) return;
      broadcasting = view.runId;
      broadcaster.update(view.state, collab.presence.me().name);
    });
    createEffect(() => collab.presence.setSelection([...session.selection.nodes()]));
    createEffect(() => {
      const refusal = collab.connection.refusal();
      if (!refusal) return;
      toast(refusal, { kind: "error" });
      onRefused();
    });
    onCleanup(() => {
      offRun();
      offNotice();
      broadcaster.dispose();
      session.setCollab(undefined);
      collab.dispose();
    });
  }
}
