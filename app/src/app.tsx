import { createResource, createSignal, lazy, onCleanup, Show } from "solid-js";
import * as Y from "yjs";
import type { AppContext } from "./app-context.ts";
import { writeFlow } from "./flow-doc/index.ts";
import { dashboardHash, isDashboardHash, openFlow, routeFromHash } from "./routes.ts";
import { FlowsList } from "./panels/flows-list/flows-list.tsx";
import { EditorView } from "./editor/editor-view.tsx";
import { Toasts } from "./ui/toast.tsx";
import { importFlowFiles, ImportDropZone } from "./import-export.tsx";
import { parseRoomHash } from "./collab/room-link.ts";
import { toast } from "./ui/toast.tsx";
import { TeamButton } from "./team/team-panel.tsx";
// Loaded when opened: its charts (uPlot) stay out of the editor's first load.
const DashboardView = lazy(() => import("./dashboard/dashboard-view.tsx").then((module) => ({ default: module.DashboardView })));

export function App(props: { context: AppContext }) {
  const [route, setRoute] = createSignal(routeFromHash(), { equals: (a, b) => a.flowId === b.flowId && a.version === b.version });
  const [dashboard, setDashboard] = createSignal(isDashboardHash());
  const onHash = () => {
    if (!joinRoomFromLink(props.context) && !joinTeamFromLink(props.context)) setRoute(routeFromHash()), setDashboard(isDashboardHash());
  };
  joinRoomFromLink(props.context) || joinTeamFromLink(props.context);
  window.addEventListener("hashchange", onHash);
  onCleanup(() => window.removeEventListener("hashchange", onHash));
  const flowId = () => route().flowId;
  /**
   * Shows a flow whose first save is still under way (an import): drawn at once. The address
   * bar points to it once it is stored, so a reload finds what the address says; if the save
   * fails, the screen goes back to where the address bar is (the importer says why).
   */
  const openUnsaved = (id: string, saved: Promise<void>) => {
    setRoute({ flowId: id });
    void saved.then(
      () => route().flowId === id && routeFromHash().flowId !== id && openFlow(id),
      () => route().flowId === id && setRoute(routeFromHash()),
    );
  };
  // One flows list for every flow opened: switching flows moves it into the next editor instead
  // of drawing it again (no blink, its scroll and search kept).
  const sidebar = <FlowsList flows={props.context.flows} currentId={flowId()} onOpen={(id) => openFlow(id)} />;
  // Opening from IndexedDB: no network wait, so the editor shows as soon as the doc loads.
  const [opened] = createResource(route, (target) => (target.flowId ? openRoute(props.context, target.flowId, target.version) : undefined));
  onCleanup(() => opened()?.release());

  return (
    <ImportDropZone onFiles={(files) => importFlowFiles(props.context.flows, files, openUnsaved)}>
      <Show when={!dashboard()} fallback={<DashboardView context={props.context} />}>
        <Show when={flowId() ? opened() : undefined} keyed fallback={<StartScreen context={props.context} currentId={flowId()} loading={opened.loading} />}>
          {(flow) => (
            <EditorView
              context={props.context}
              flowId={flow.flowId}
              doc={flow.doc}
              version={flow.version}
              room={flow.room}
              sidebar={sidebar}
            />
          )}
        </Show>
      </Show>
      <Toasts />
    </ImportDropZone>
  );
}

/**
 * The draft's live doc, or a version's snapshot in a doc of its own that nothing persists, with
 * the flow's id: while the next flow loads the editor still shows this one, and its Publish,
 * Export and Versions must act on the flow whose doc it shows, not on the one in the address bar.
 */
async function openRoute(context: AppContext, flowId: string, version: number | undefined) {
  if (version === undefined) {
    const draft = await context.flows.open(flowId);
    return draft && { ...draft, flowId, version: undefined };
  }
  const record = (await context.flows.versions(flowId)).find((candidate) => candidate.version === version);
  return record && { flowId, doc: writeFlow(new Y.Doc(), record.flow), version, room: undefined, release: () => {} };
}

/**
 * A share link (`#/room/<id>?…`): joins the room as a local flow and opens it. The link's
 * keys leave the address bar (and the history) once stored. Returns whether it was one.
 */
function joinRoomFromLink(context: AppContext): boolean {
  const link = parseRoomHash(window.location.hash);
  if (!link) return false;
  if (!link.ok) {
    toast(link.reason, { kind: "error" });
    history.replaceState(null, "", "#/");
    return true;
  }
  void context.flows.join(link.room).then((id) => {
    history.replaceState(null, "", `#/flow/${encodeURIComponent(id)}`);
    window.dispatchEvent(new HashChangeEvent("hashchange"));
  });
  return true;
}

/** An invite link (`#team=<relay>&token=<token>`): keeps the team and takes the token out of the address bar. */
function joinTeamFromLink(context: AppContext): boolean {
  if (!window.location.hash.startsWith("#team=")) return false;
  const link = window.location.hash;
  history.replaceState(null, "", "#/");
  void context.team.join(link).then((problem) => (problem ? toast(problem, { kind: "error" }) : toast("Joined the team", { kind: "success" })));
  return true;
}

function StartScreen(props: { context: AppContext; currentId: string | undefined; loading: boolean }) {
  const create = async () => openFlow(await props.context.flows.create("Untitled flow"));
  return (
    <div class="app">
      <header class="toolbar">
        <span class="brand"><img src="/icon.svg" width="22" height="22" alt="" />Nexus Flow</span>
        <span class="spacer" />
        <a class="button dash-nav" href={dashboardHash}>Dashboard</a>
        <TeamButton team={props.context.team} />
        <button class="button" onClick={() => document.getElementById("import-file")?.click()}>Import</button>
        <button class="button button-primary" onClick={create}>New flow</button>
      </header>
      <div class="workspace start">
        <aside class="sidebar"><FlowsList flows={props.context.flows} currentId={props.currentId} onOpen={(id) => openFlow(id)} /></aside>
        <main class="empty-state">
          <Show when={!props.loading} fallback={<p>Opening…</p>}>
            <div>
              <p>{props.currentId ? "That flow does not exist (any more)." : "Build a flow, run it right here, share it."}</p>
              <button class="button button-primary" onClick={create}>New flow</button>
            </div>
          </Show>
        </main>
      </div>
    </div>
  );
}
