import { createEffect, createSignal, For, Show } from "solid-js";
import { formatIssue } from "@nexus-flow/shared";
import type { FlowsRepo } from "../../storage/flows-repo.ts";
import type { VersionRecord } from "../../storage/db.ts";
import { createLiveQuery } from "../../ui/live-query.ts";
import { toast } from "../../ui/toast.tsx";
import { unpublishedWarning } from "./version-banner.tsx";
import "./versions-dialog.css";

export interface VersionsDialogProps {
  readonly flows: FlowsRepo;
  readonly flowId: string;
  readonly open: boolean;
  readonly onClose: () => void;
  /** Show a version read-only on the canvas. */
  readonly onView: (version: number) => void;
  /** Replace the draft with a version (one undoable step); the dialog has asked first when needed. */
  readonly onRestore: (version: number) => void;
  /** The version shown read-only right now, if any: marked in the list. */
  readonly viewing?: number;
}

/**
 * Published versions of a flow: publish the draft with a note, open one read-only, restore
 * one as the draft (asking first when the draft holds work that no version has).
 */
export function VersionsDialog(props: VersionsDialogProps) {
  let dialog!: HTMLDialogElement;
  const versions = createLiveQuery(() => props.flowId, (id) => props.flows.versions(id));
  const [confirming, setConfirming] = createSignal<number>();

  // The prop drives the modal; Escape and the close button report back through onClose.
  createEffect(() => {
    if (props.open && !dialog.open) dialog.showModal();
    else if (!props.open && dialog.open) dialog.close();
    if (!props.open) setConfirming(undefined);
  });

  const restore = (version: number) => {
    setConfirming(undefined);
    props.onClose();
    props.onRestore(version);
  };
  const askOrRestore = async (version: number) => {
    if (await props.flows.hasUnpublishedWork(props.flowId)) setConfirming(version);
    else restore(version);
  };

  return (
    <dialog ref={dialog} class="dialog versions-dialog" aria-labelledby="versions-title" onClose={() => props.onClose()}>
      <header class="versions-header">
        <span id="versions-title">Versions</span>
        <button type="button" class="button button-ghost icon-button" aria-label="Close" onClick={() => props.onClose()}>
          ×
        </button>
      </header>
      <div class="body">
        <PublishForm flows={props.flows} flowId={props.flowId} />
        <Show when={versions.error()}>
          <p class="error-text">The versions could not be read: {String(versions.error())}</p>
        </Show>
        <Show when={versions.value()} fallback={<p class="muted">Loading…</p>}>
          {(list) => (
            <Show when={list().length > 0} fallback={<p class="versions-empty">Nothing published yet. Publishing freezes the draft as a version: webhooks and schedules run published versions.</p>}>
              <ol class="versions" aria-label="Published versions">
                <For each={list()}>
                  {(record) => (
                    <VersionRow
                      record={record}
                      viewing={props.viewing === record.version}
                      confirming={confirming() === record.version}
                      onOpen={() => props.onView(record.version)}
                      onAskRestore={() => void askOrRestore(record.version)}
                      onRestore={() => restore(record.version)}
                      onCancel={() => setConfirming(undefined)}
                    />
                  )}
                </For>
              </ol>
            </Show>
          )}
        </Show>
      </div>
    </dialog>
  );
}

function PublishForm(props: { flows: FlowsRepo; flowId: string }) {
  const [note, setNote] = createSignal("");
  const [busy, setBusy] = createSignal(false);
  const [problems, setProblems] = createSignal<string[]>([]);
  const publish = async (event: SubmitEvent) => {
    event.preventDefault();
    setBusy(true);
    const result = await props.flows.publish(props.flowId, note().trim() || undefined);
    setBusy(false);
    setProblems(result.ok ? [] : result.issues.map(formatIssue));
    if (!result.ok) return;
    setNote("");
    toast(`Published version ${result.value.version}`, { kind: "success" });
  };
  return (
    <form class="publish-form" onSubmit={publish}>
      <input class="input" aria-label="Version note" placeholder="What changed? (optional)" maxLength={500} value={note()} onInput={(event) => setNote(event.currentTarget.value)} />
      <button type="submit" class="button button-primary" disabled={busy()}>
        Publish
      </button>
      <Show when={problems().length > 0}>
        <div class="publish-problems" role="alert">
          <p>The draft cannot be published until these are fixed:</p>
          <ul>
            <For each={problems()}>{(problem) => <li>{problem}</li>}</For>
          </ul>
        </div>
      </Show>
    </form>
  );
}

const dateFormat = new Intl.DateTimeFormat(undefined, { dateStyle: "medium", timeStyle: "short" });

function VersionRow(props: { record: VersionRecord; viewing: boolean; confirming: boolean; onOpen: () => void; onAskRestore: () => void; onRestore: () => void; onCancel: () => void }) {
  const version = () => props.record.version;
  return (
    <li class="version-row" classList={{ "version-row-viewing": props.viewing }} aria-label={`Version ${version()}`} data-version={version()}>
      <span class="version-number">v{version()}</span>
      <div class="version-text">
        <span class="version-note" classList={{ muted: !props.record.note }}>
          {props.record.note || "No note"}
        </span>
        <time class="version-date" dateTime={new Date(props.record.publishedAt).toISOString()}>
          {dateFormat.format(props.record.publishedAt)}
        </time>
      </div>
      <Show
        when={props.confirming}
        fallback={
          <div class="version-actions">
            <button type="button" class="button" onClick={() => props.onOpen()} aria-label={`Open version ${version()}`} disabled={props.viewing}>
              Open
            </button>
            <button type="button" class="button" onClick={() => props.onAskRestore()} aria-label={`Restore version ${version()}`}>
              Restore
            </button>
          </div>
        }
      >
        <div class="version-confirm" role="group" aria-label={`Restore version ${version()}?`}>
          <span>{unpublishedWarning(version())}</span>
          <button type="button" class="button button-primary" ref={(button) => queueMicrotask(() => button.focus())} onClick={() => props.onRestore()}>
            Replace draft
          </button>
          <button type="button" class="button" onClick={() => props.onCancel()}>
            Cancel
          </button>
        </div>
      </Show>
    </li>
  );
}
