import { createSignal } from "solid-js";

/**
 * What screen readers hear about edits made without a pointer ("Moved Shape", "Connected
 * Shape to Enrich"). One polite live region for the app; the same words twice in a row are
 * still read, because the text is cleared before it is set again.
 */
const [message, setMessage] = createSignal("");

export function announce(text: string): void {
  setMessage("");
  queueMicrotask(() => setMessage(text));
}

export function LiveRegion() {
  return (
    <div class="sr-only" role="status" aria-live="polite" aria-atomic="true" data-testid="announcer">
      {message()}
    </div>
  );
}
