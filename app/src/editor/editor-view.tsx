import type * as Y from "yjs";
import { createMemo, createSignal, onCleanup, Show, type JSX } from "solid-js";
import { openFlow } from "../routes.ts";
import { NodeStatus } from "@nexus-flow/shared";
import type { AppContext } from "../app-context.ts";
import { createEditorSession } from "./editor-session.ts";
import { Canvas, type CanvasApi } from "../canvas/canvas.tsx";
import { Palette } from "../panels/palette/palette.tsx";
import { Inspector } from "../panels/inspector/inspector.tsx";
import { VersionsDialog } from "../panels/versions/versions-dialog.tsx";
import { VersionBanner } from "../panels/versions/version-banner.tsx";
import { replaceDraft, restoreWhenDraftOpens, takePendingRestore } from "./restore-version.ts";
import { createRunSession } from "../runs/run-session.ts";
import { RunPanel } from "../runs/run-panel.tsx";
import { readFlow, renameFlow } from "../flow-doc/index.ts";
import { publishToTeam } from "../team/team-api.ts";
import { nameIssue } from "./issue-names.ts";
import { exportFlow } from "../import-export.tsx";
import { toast } from "../ui/toast.tsx";
import { describeIssues } from "../storage/flows-repo.ts";
import type { RoomMembership } from "../collab/room-link.ts";
import { ShareDialog } from "../collab/share-dialog.tsx";
import { PresenceBar } from "../collab/presence-bar.tsx";
import { followRoom } from "./follow-room.ts";
import { TeamButton } from "../team/team-panel.tsx";
import { nodeNeeds, placementOf, placementWarning } from "../team/placement.ts";
import { bindKeyboardBuilding } from "./keyboard-build.ts";
import { LiveRegion } from "../ui/announce.tsx";
import { isTypingTarget } from "./shortcuts.ts";
import { trackUndoStacks } from "./undo-state.ts";
import { addConnectedToSelection } from "./palette-add.ts";
import { ShortcutHelp } from "./shortcut-help.tsx";
import { CommandPalette } from "./command-palette.tsx";
import { ContextMenus } from "./context-menu.tsx";
import { PublishDialog } from "./publish-dialog.tsx";
import type { ActionDeps } from "./editor-actions.ts";
import { afterFirstPaint } from "./after-first-paint.ts";
import { cullAbove } from "../canvas/culling.ts";

/** The editor for one open flow: toolbar, palette, canvas, inspector, run panel. */
export function EditorView(props: { context: AppContext; flowId: string; doc: Y.Doc; version?: number; room?: RoomMembership | undefined; sidebar: JSX.Element }) {
  const [room, setRoom] = createSignal(props.room);
  const viewer = () => room()?.role === "view";
  const readOnly = () => props.version !== undefined || viewer();
  const session = createEditorSession(props.flowId, props.doc, readOnly, viewer);
  const runs = createRunSession(props.context, session);
  onCleanup(() => (runs.dispose(), session.dispose()));
  onCleanup(bindKeyboardBuilding(session));
  // A published version is a local snapshot: only the draft lives in the room.
  // A refused link that brought nothing leaves no empty "Shared flow" behind.
  const forgetIfEmpty = async () => (await props.context.flows.forgetEmptyShare(props.flowId, props.doc)) && (window.location.hash = "#/");
  if (props.version === undefined) followRoom(session, runs, room, () => void forgetIfEmpty());
  const [shareOpen, setShareOpen] = createSignal(false);

  async function startSharing(): Promise<string | undefined> {
    const { createRoom } = await import("../collab/create-room.ts");
    const created = await createRoom();
    if (!created.ok) return created.message;
    await props.context.flows.share(props.flowId, created.room);
    setRoom(created.room);
    return undefined;
  }
  const [canvas, setCanvas] = createSignal<CanvasApi>();
  // A big flow's side panels follow the canvas's first frame: it is drawn without waiting for
  // them. A small one's come with it (switching flows, the flows list does not blink).
  const panels = session.nodeCount() > cullAbove ? afterFirstPaint() : () => true;
  const [versionsOpen, setVersionsOpen] = createSignal(false);
  const shownRun = createMemo(() => runs.shown());

  // Per-node signals: a batch of run events re-renders the nodes it touched, not all 10,000.
  const nodeStatus = (id: string) => runs.nodeStatus(id);
  // With no run shown no edge is active: the first draw of 1,000 edges then reads no edge
  // through the store (a proxy made per edge, ~15 ms between Import and the canvas drawn).
  const runShown = createMemo(() => runs.shown() !== undefined);
  const edgeActive = (id: string) => {
    if (!runShown()) return false;
    const edge = session.view.edges[id];
    return !!edge && runs.nodeStatus(edge.source) === NodeStatus.Succeeded && runs.nodeStatus(edge.target) === NodeStatus.Running;
  };

  const team = props.context.team;
  onCleanup(team.watchRunners(10_000)); // "Runs on" offers and warnings follow the runners
  const nodeWarning = (id: string) => {
    const node = session.view.nodes[id];
    return node && placementWarning(placementOf(node), !!team.connection(), team.runners(), nodeNeeds(node));
  };
  // A team viewer's token cannot submit jobs, publish or cancel at the hub: the UI offers none of it.
  const teamViewer = () => !!team.connection() && team.role() === "viewer";
  const mayRun = () => !viewer() && !teamViewer();

  /** Publish to team: the draft becomes the version the hub runs headless (it validates, with paths). */
  async function publishTeam() {
    const connection = team.connection();
    if (!connection) return;
    const result = await publishToTeam(connection, readFlow(session.doc));
    if (result.ok) toast(`Published to the team as version ${result.value.version}`, { kind: "success" });
    else toast(`The team's hub did not take the flow: ${result.message}`, { kind: "error" });
  }

  const [publishOpen, setPublishOpen] = createSignal(false);
  async function publish(note?: string) {
    const result = await props.context.flows.publish(props.flowId, note);
    if (result.ok) toast(`Published version ${result.value.version}`, { kind: "success" });
    else toast(`Cannot publish an invalid flow:\n${describeIssues(result.issues.map((issue) => nameIssue(issue, readFlow(props.doc))))}`, { kind: "error" });
  }

  /**
   * Replaces the draft with a version as one step of the draft's undo history. Viewing a
   * version, there is no such history here: the draft's editor does it as it opens.
   */
  async function restore(version: number) {
    if (props.version !== undefined) return restoreWhenDraftOpens(props.flowId, version), openFlow(props.flowId);
    if (viewer()) return toast("Viewers cannot change the draft.", { kind: "error" });
    const record = await props.context.flows.version(props.flowId, version);
    if (!record) return toast(`Version ${version} could not be restored: it is not stored in this browser.`, { kind: "error" });
    replaceDraft(session.doc, session.undo, record.flow);
    toast(`Version ${version} restored as the draft`, { kind: "success", action: { label: "Undo", run: () => session.undo.undo() } });
  }
  const pendingRestore = props.version === undefined ? takePendingRestore(props.flowId) : undefined;
  if (pendingRestore !== undefined) void restore(pendingRestore);
  const hasUnpublishedWork = () => props.context.flows.hasUnpublishedWork(props.flowId);

  /**
   * Adds a node (to the right of the selected one, connected, else at the centre) and gives it
   * focus, so arrow keys and `C` (keyboard-build.ts) act on it next.
   */
  function addFromPalette(type: string) {
    if (!addConnectedToSelection(session, type)) canvas()?.addNode(type);
    requestAnimationFrame(() => document.querySelector<HTMLElement>(".canvas .node.selected")?.focus({ preventScroll: true }));
  }

  // Two frames: the pane's new size reaches the viewport through a ResizeObserver after layout.
  const refitCanvas = () => requestAnimationFrame(() => requestAnimationFrame(() => canvas()?.fitView()));

  // runs.start() checks the current draft in the engine worker and says what to fix.
  const run = () => runs.start();
  const undoState = trackUndoStacks(session.undo);
  // Ctrl+Enter runs from anywhere in the editor (the canvas, a node), as the Run tooltip says;
  // fields handle it themselves (the run input) or keep it (a code editor's new line).
  const onRunKey = (event: KeyboardEvent) => {
    if (event.key !== "Enter" || !(event.ctrlKey || event.metaKey) || event.defaultPrevented || isTypingTarget(event.target) || document.querySelector("dialog[open]")) return;
    event.preventDefault();
    if (mayRun() && !runs.running()) void run();
  };
  document.addEventListener("keydown", onRunKey);
  onCleanup(() => document.removeEventListener("keydown", onRunKey));

  // What the command palette and the right-click menus act through (editor-actions.ts).
  const actionDeps: ActionDeps = {
    session,
    runs,
    canvas,
    addNode: addFromPalette,
    run: () => void run(),
    publish: () => setPublishOpen(true),
    exportFlow: () => void exportFlow(props.context.flows, props.flowId),
    importFlow: () => document.getElementById("import-file")?.click(),
    share: () => props.version === undefined && setShareOpen(true),
    versions: () => setVersionsOpen(true),
  };

  return (
    <div class="app">
      <header class="toolbar" role="toolbar" aria-label="Flow">
        <span class="brand"><img src="/icon.svg" width="22" height="22" alt="" />Nexus Flow</span>
        <input class="flow-name" aria-label="Flow name" value={session.view.name} disabled={readOnly()} onChange={(event) => renameFlow(props.doc, event.currentTarget.value.trim() || "Untitled flow")} />
        <button class="button icon-button" aria-label="Undo" title="Undo (Ctrl+Z)" disabled={readOnly() || !undoState.canUndo()} onClick={() => session.undo.undo()}>↶</button>
        <button class="button icon-button" aria-label="Redo" title="Redo (Ctrl+Shift+Z)" disabled={readOnly() || !undoState.canRedo()} onClick={() => session.undo.redo()}>↷</button>
        <button class="button" aria-label="Auto-layout" disabled={readOnly()} onClick={() => canvas()?.autoLayout()}>Layout</button>
        <span class="spacer" />
        <button class="button" onClick={() => document.getElementById("import-file")?.click()}>Import</button>
        <button class="button" onClick={() => exportFlow(props.context.flows, props.flowId)}>Export</button>
        <button class="button" onClick={() => setVersionsOpen(true)}>Versions</button>
        <button class="button" onClick={() => setPublishOpen(true)}>Publish</button>
        <Show when={team.connection() && team.role() !== "viewer"}>
          <button class="button" disabled={props.version !== undefined} onClick={() => void publishTeam()} title="The version the team's hub runs for API, webhook and schedule runs">Publish to team</button>
        </Show>
        <TeamButton team={props.context.team} />
        <Show when={session.collab()}>{(collab) => <PresenceBar collab={collab()} />}</Show>
        <button class="button" disabled={props.version !== undefined} onClick={() => setShareOpen(true)}>Share</button>
        <Show when={!teamViewer()}>
          <Show when={runs.running()} fallback={<button class="button button-primary" onClick={run} disabled={viewer()} title={viewer() ? "Viewers cannot start runs" : "Run (Ctrl+Enter)"}>Run</button>}>
            <button class="button button-danger" onClick={() => runs.cancel()}>Cancel</button>
          </Show>
        </Show>
      </header>
      <Show when={props.version}>
        {(version) => <VersionBanner version={version()} hasUnpublishedWork={hasUnpublishedWork} onRestore={() => void restore(version())} onBack={() => openFlow(props.flowId)} />}
      </Show>
      <Show when={teamViewer() && !viewer()}>
        <div class="version-banner" role="status">
          <span>You joined the team as a viewer: you see its runners and runs, and cannot run, cancel or publish.</span>
        </div>
      </Show>
      <Show when={viewer()}>
        <div class="version-banner" role="status">
          <span>You are viewing a shared flow: you see changes and runs live, and cannot edit or run it.</span>
        </div>
      </Show>
      <div class="workspace">
        <aside class="sidebar">
          <Show when={panels()}>
            {props.sidebar}
            <Palette onAdd={addFromPalette} disabled={readOnly()} />
          </Show>
        </aside>
        <main class="center">
          <Canvas session={session} nodeStatus={nodeStatus} edgeActive={edgeActive} nodeWarning={nodeWarning} onReady={setCanvas} />
          <RunPanel runs={runs} session={session} team={props.context.team} onResized={refitCanvas} />
        </main>
        <aside class="inspector">
          <Show when={panels()}>
            <Inspector session={session} run={shownRun()} team={props.context.team} />
          </Show>
        </aside>
      </div>
      <LiveRegion />
      <ShortcutHelp />
      <CommandPalette deps={actionDeps} />
      <ContextMenus deps={actionDeps} />
      <PublishDialog open={publishOpen()} onPublish={(note) => void publish(note)} onClose={() => setPublishOpen(false)} />
      <ShareDialog open={shareOpen()} room={room()} startSharing={startSharing} onClose={() => setShareOpen(false)} />
      <VersionsDialog flows={props.context.flows} flowId={props.flowId} open={versionsOpen()} onClose={() => setVersionsOpen(false)} onView={(version) => (setVersionsOpen(false), openFlow(props.flowId, version))} viewing={props.version} onRestore={(version) => void restore(version)} />
    </div>
  );
}
