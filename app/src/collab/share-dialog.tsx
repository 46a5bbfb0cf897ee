import { createEffect, createSignal, For, Show } from "solid-js";
import { roomLink, type RoomMembership } from "./room-link.ts";
import "./collab.css";

export interface ShareDialogProps {
  readonly open: boolean;
  /** The flow's room; undefined until sharing is switched on. */
  readonly room: RoomMembership | undefined;
  /** Creates the room (first Share of a flow). Resolves with a message when it fails. */
  readonly startSharing: () => Promise<string | undefined>;
  readonly onClose: () => void;
}

/** Share: the edit link and the view link, each with a copy button. */
export function ShareDialog(props: ShareDialogProps) {
  let dialog!: HTMLDialogElement;
  const [busy, setBusy] = createSignal(false);
  const [problem, setProblem] = createSignal<string>();
  const [copied, setCopied] = createSignal<string>();
  createEffect(() => {
    if (props.open && !dialog.open) dialog.showModal();
    else if (!props.open && dialog.open) dialog.close();
  });

  async function start() {
    setBusy(true);
    setProblem(await props.startSharing());
    setBusy(false);
  }

  const links = () => {
    const room = props.room;
    if (!room) return [];
    const appUrl = location.href;
    const view = { role: "view" as const, label: "View link", help: "People with this link see the flow and its runs live, and cannot change anything.", url: roomLink(appUrl, room, "view") };
    if (room.role !== "edit") return [view];
    return [{ role: "edit" as const, label: "Edit link", help: "People with this link can change the flow and run it.", url: roomLink(appUrl, room, "edit") }, view];
  };

  async function copy(label: string, url: string) {
    await navigator.clipboard.writeText(url).catch(() => undefined);
    setCopied(label);
  }

  return (
    <dialog ref={dialog} class="dialog share-dialog" aria-labelledby="share-title" onClose={() => props.onClose()}>
      <header class="share-header">
        <span id="share-title">Share</span>
        <button type="button" class="button button-ghost icon-button" aria-label="Close" onClick={() => props.onClose()}>
          ×
        </button>
      </header>
      <div class="body">
        <Show
          when={props.room}
          fallback={
            <>
              <p>Sharing puts this flow in a room on the relay. Anyone with a link joins it and edits (or watches) with you, live. Credentials stay in your browser.</p>
              <button type="button" class="button button-primary" disabled={busy()} onClick={start}>
                {busy() ? "Creating the room…" : "Create share links"}
              </button>
            </>
          }
        >
          <For each={links()}>
            {(link) => (
              <div class="share-link">
                <label for={`share-${link.role}`}>{link.label}</label>
                <div class="share-link-row">
                  <input id={`share-${link.role}`} class="input" readOnly value={link.url} onFocus={(event) => event.currentTarget.select()} />
                  <button type="button" class="button" aria-label={`Copy ${link.label.toLowerCase()}`} onClick={() => copy(link.label, link.url)}>
                    {copied() === link.label ? "Copied" : "Copy"}
                  </button>
                </div>
                <p class="muted">{link.help}</p>
              </div>
            )}
          </For>
        </Show>
        <Show when={problem()}>
          <p class="error-text" role="alert">{problem()}</p>
        </Show>
      </div>
    </dialog>
  );
}
