import { createResource, createSignal, onCleanup, Show } from "solid-js";
import type { JsonValue } from "@nexus-flow/shared";
import type { EditorSession } from "../../editor/editor-session.ts";
import { commitEdit } from "./edit.ts";
import { armTestWebhook, listWebhooks, readTestWebhook, type TestCapture } from "../../team/team-api.ts";
import type { TeamStore } from "../../team/team-store.ts";

/** How often a listening inspector asks whether the test URL caught a request. */
const captureCheckMs = 1_000;

/**
 * A webhook node's URLs: the production URL the hub gave it when the flow was published to the
 * team (stable across versions), and "Listen for test event", which arms a test URL for two
 * minutes and pins the next request it catches as the node's sample data (n8n's test URL): an
 * editor run then continues from it. No team run is started.
 */
export function WebhookPanel(props: { team: TeamStore | undefined; session: EditorSession; nodeId: string; readOnly: boolean }) {
  const flowId = props.session.flowId;
  const connection = () => props.team?.connection();
  // Asked again every few seconds: "Publish to team" (in the toolbar) is what creates the URL.
  const [tick, setTick] = createSignal(0);
  const refresh = setInterval(() => setTick(tick() + 1), 4_000);
  onCleanup(() => clearInterval(refresh));
  const [hooks] = createResource(() => ({ team: connection(), tick: tick() }), ({ team }) => (team ? listWebhooks(team, flowId) : undefined));
  const production = () => {
    const answer = hooks.latest;
    return answer?.ok ? answer.value.webhooks.find((hook) => hook.nodeId === props.nodeId) : undefined;
  };
  const [test, setTest] = createSignal<{ url: string; expiresAt: string }>();
  const [capture, setCapture] = createSignal<TestCapture>();
  const [problem, setProblem] = createSignal<string>();
  let timer: ReturnType<typeof setInterval> | undefined;
  onCleanup(() => clearInterval(timer));

  function pinSample(sample: JsonValue) {
    if (props.session.readOnly() || !props.session.view.nodes[props.nodeId]) return;
    commitEdit(props.session, () => props.session.pins.set(props.nodeId, sample));
  }

  async function listen() {
    const team = connection();
    if (!team) return;
    clearInterval(timer);
    setCapture(undefined);
    const armed = await armTestWebhook(team, flowId, props.nodeId);
    if (!armed.ok) return void setProblem(armed.message);
    setProblem(undefined);
    setTest({ url: armed.value.url, expiresAt: armed.value.expiresAt });
    timer = setInterval(async () => {
      const read = await readTestWebhook(team, armed.value.testId);
      if (!read.ok) return void (setProblem(read.message), clearInterval(timer));
      if (read.value.captured || read.value.expired) clearInterval(timer);
      // The capture is the node's output shape ({method, headers, query, body}, JSON from the
      // hub): pinned as one undoable, synced edit, like "Pin this JSON".
      if (read.value.captured) pinSample(read.value.captured as JsonValue);
      setCapture(read.value);
    }, captureCheckMs);
  }

  const listening = () => test() && !capture()?.captured && !capture()?.expired;
  return (
    <section class="inspector-section" aria-labelledby={`${props.nodeId}-urls`}>
      <h3 class="inspector-section-title" id={`${props.nodeId}-urls`}>Webhook URLs</h3>
      <Show when={connection()} fallback={<p class="inspector-note">Connect to a team (Team) and publish the flow to it: the team's hub gives this webhook its URL.</p>}>
        <div class="field">
          <label class="field-label" for={`${props.nodeId}-production-url`}>Production URL</label>
          <Show when={production()} fallback={<p class="inspector-note">{hooks.loading ? "Asking the team's hub…" : "Publish to team to get this webhook's URL; it stays the same across versions."}</p>}>
            {(hook) => (
              <>
                <input id={`${props.nodeId}-production-url`} class="input rp-mono" readOnly value={hook().url} onFocus={(event) => event.currentTarget.select()} />
                <p class="field-help">{hook().active ? "Starts a team run of the published version." : "The flow is unpublished: this URL answers 404 until it is published again."}</p>
              </>
            )}
          </Show>
        </div>
        <div class="field">
          <button type="button" class="button" disabled={props.readOnly || !!listening()} onClick={() => void listen()}>{listening() ? "Listening…" : "Listen for test event"}</button>
          <Show when={test()}>
            {(armed) => (
              <>
                <label class="field-label" for={`${props.nodeId}-test-url`}>Test URL</label>
                <input id={`${props.nodeId}-test-url`} class="input rp-mono" readOnly value={armed().url} onFocus={(event) => event.currentTarget.select()} />
                <p class="field-help" role="status">{statusText(capture(), () => armed().expiresAt)}</p>
              </>
            )}
          </Show>
          <Show when={problem()}>{(message) => <p class="error-text" role="alert">{message()}</p>}</Show>
        </div>
        <Show when={capture()?.captured}>
          {(request) => (
            <div class="field">
              <span class="field-label" id={`${props.nodeId}-test-event`}>Test event (the node's output: method, headers, query, body)</span>
              <pre class="webhook-capture" aria-labelledby={`${props.nodeId}-test-event`} data-captured>{JSON.stringify(request(), null, 2)}</pre>
            </div>
          )}
        </Show>
      </Show>
    </section>
  );
}

function statusText(capture: TestCapture | undefined, expiresAt: () => string): string {
  if (capture?.captured) return `Caught a ${capture.captured.method} request and pinned it as this node's data: editor runs continue from it (no run was started).`;
  if (capture?.expired) return "Nothing came within two minutes; listen again to catch one.";
  return `Waiting for one request to this URL, until ${new Date(expiresAt()).toLocaleTimeString()}.`;
}
