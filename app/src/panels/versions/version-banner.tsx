import { createSignal, Show } from "solid-js";

/** What the confirmation says: the draft's unpublished work is what would be replaced. */
export const unpublishedWarning = (version: number) => `The draft has changes that no version holds. Replace them with v${version}? (Undo brings them back.)`;

/**
 * The banner over a published version opened read-only: restore it as the draft (asking
 * first when the draft holds unpublished work), or go back to the draft.
 */
export function VersionBanner(props: { version: number; hasUnpublishedWork: () => Promise<boolean>; onRestore: () => void; onBack: () => void }) {
  const [asking, setAsking] = createSignal(false);
  const askOrRestore = async () => {
    if (await props.hasUnpublishedWork()) setAsking(true);
    else props.onRestore();
  };
  return (
    <div class="version-banner" role="status">
      <Show
        when={asking()}
        fallback={
          <>
            <span>Viewing published version {props.version} (read-only)</span>
            <button class="button" onClick={() => void askOrRestore()}>Restore as draft</button>
            <button class="button" onClick={() => props.onBack()}>Back to draft</button>
          </>
        }
      >
        <div class="version-banner-confirm" role="group" aria-label={`Restore version ${props.version}?`}>
          <span>{unpublishedWarning(props.version)}</span>
          <button class="button button-primary" ref={(button) => queueMicrotask(() => button.focus())} onClick={() => (setAsking(false), props.onRestore())}>
            Replace draft
          </button>
          <button class="button" onClick={() => setAsking(false)}>Cancel</button>
        </div>
      </Show>
    </div>
  );
}
