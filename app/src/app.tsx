import { createResource, createSignal, onCleanup, Show } from "solid-js";
import type { AppContext } from "./app-context.ts";
import { FlowsList } from "./panels/flows-list/flows-list.tsx";
import { EditorView } from "./editor/editor-view.tsx";
import { Toasts } from "./ui/toast.tsx";
import { importFlowFiles, ImportDropZone } from "./import-export.tsx";

/** `#/flow/<id>` opens a flow; anything else shows the start screen. */
function flowIdFromHash(): string | undefined {
  const match = /^#\/flow\/(.+)$/.exec(window.location.hash);
  return match ? decodeURIComponent(match[1]!) : undefined;
}

export function openFlow(id: string): void {
  window.location.hash = `#/flow/${encodeURIComponent(id)}`;
}

export function App(props: { context: AppContext }) {
  const [flowId, setFlowId] = createSignal(flowIdFromHash());
  const onHash = () => setFlowId(flowIdFromHash());
  window.addEventListener("hashchange", onHash);
  onCleanup(() => window.removeEventListener("hashchange", onHash));
  // Opening from IndexedDB: no network wait, so the editor shows as soon as the doc loads.
  const [opened] = createResource(flowId, (id) => props.context.flows.open(id));
  onCleanup(() => opened()?.release());

  return (
    <ImportDropZone onFiles={(files) => importFlowFiles(props.context.flows, files, openFlow)}>
      <Show when={flowId() ? opened() : undefined} keyed fallback={<StartScreen context={props.context} currentId={flowId()} loading={opened.loading} />}>
        {(flow) => <EditorView context={props.context} flowId={flowId()!} doc={flow.doc} sidebar={<FlowsList flows={props.context.flows} currentId={flowId()} onOpen={openFlow} />} />}
      </Show>
      <Toasts />
    </ImportDropZone>
  );
}

function StartScreen(props: { context: AppContext; currentId: string | undefined; loading: boolean }) {
  const create = async () => openFlow(await props.context.flows.create("Untitled flow"));
  return (
    <div class="app">
      <header class="toolbar">
        <span class="brand"><img src="/icon.svg" width="22" height="22" alt="" />Nexus Flow</span>
        <span class="spacer" />
        <button class="button" onClick={() => document.getElementById("import-file")?.click()}>Import</button>
        <button class="button button-primary" onClick={create}>New flow</button>
      </header>
      <div class="workspace start">
        <aside class="sidebar"><FlowsList flows={props.context.flows} currentId={props.currentId} onOpen={openFlow} /></aside>
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
