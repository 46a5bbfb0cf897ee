import { Show } from "solid-js";

/** The inspector's title row: an icon tile, a title, a subtitle and a way back to the flow. */
export function InspectorHeader(props: { glyph?: string; color?: string; title: string; subtitle?: string; onBack?: () => void }) {
  return (
    <header class="inspector-header">
      <Show when={props.glyph}>
        <span class="inspector-glyph" style={{ "--glyph-color": props.color ?? "var(--text-3)" }} aria-hidden="true">
          {props.glyph}
        </span>
      </Show>
      <div class="inspector-heading">
        <h2 class="inspector-title">{props.title}</h2>
        <Show when={props.subtitle}>
          <p class="inspector-subtitle">{props.subtitle}</p>
        </Show>
      </div>
      <Show when={props.onBack}>
        <button type="button" class="button button-ghost icon-button" aria-label="Close, show the flow's settings" title="Show the flow's settings (Esc)" onClick={() => props.onBack?.()}>
          ×
        </button>
      </Show>
    </header>
  );
}
