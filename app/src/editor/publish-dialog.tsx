import { createSignal, Show } from "solid-js";

/**
 * Publish asks for an optional note first (what changed), shown beside the version in
 * Versions, as the Versions dialog's own Publish does. Enter publishes; Escape cancels.
 */
export function PublishDialog(props: { open: boolean; onPublish: (note: string | undefined) => void; onClose: () => void }) {
  const [note, setNote] = createSignal("");
  const submit = (event: SubmitEvent) => {
    event.preventDefault();
    const text = note().trim();
    setNote("");
    props.onClose();
    props.onPublish(text || undefined);
  };
  return (
    <Show when={props.open}>
      <dialog ref={(dialog) => queueMicrotask(() => dialog.showModal())} class="dialog" aria-labelledby="publish-title" onClose={props.onClose}>
        <form method="dialog" onSubmit={submit}>
          <header id="publish-title">Publish a version</header>
          <div class="body">
            <label class="field-label" for="publish-note">Note (optional)</label>
            <input id="publish-note" class="input" placeholder="What changed?" maxLength={500} value={note()} autofocus onInput={(event) => setNote(event.currentTarget.value)} />
          </div>
          <footer>
            <button type="button" class="button" onClick={props.onClose}>Cancel</button>
            <button type="submit" class="button button-primary">Publish</button>
          </footer>
        </form>
      </dialog>
    </Show>
  );
}
