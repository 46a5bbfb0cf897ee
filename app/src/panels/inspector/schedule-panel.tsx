import { createSignal, For, onCleanup, Show } from "solid-js";
import type { FlowNode } from "@nexus-flow/shared";
import { formatInZone, schedulePreview } from "./schedule-preview.ts";

/**
 * A schedule node's meaning under its config: the cron in words and its next five fire times
 * in the flow's time zone. Recomputed as the config changes and once a minute, so the list
 * never shows a time already past.
 */
export function SchedulePanel(props: { node: FlowNode }) {
  const [now, setNow] = createSignal(new Date());
  const timer = setInterval(() => setNow(new Date()), 60_000);
  onCleanup(() => clearInterval(timer));
  const config = () => props.node.config as { cron?: string; timezone?: string };
  const preview = () => schedulePreview(config().cron ?? "", config().timezone, now());
  return (
    <section class="inspector-section" aria-labelledby={`${props.node.id}-schedule`}>
      <h3 class="inspector-section-title" id={`${props.node.id}-schedule`}>When it fires</h3>
      <Show when={preview()} keyed>
        {(shown) =>
          shown.ok ? (
            <>
              <p class="schedule-words" data-schedule-words>{shown.words} ({shown.timezone})</p>
              <ol class="schedule-next" aria-label="Next five fire times">
                <For each={shown.next}>{(at) => <li data-at={at.toISOString()}>{formatInZone(at, shown.timezone)}</li>}</For>
              </ol>
              <p class="field-help">Fired by the team's hub once the flow is published to the team.</p>
            </>
          ) : (
            <p class="error-text" role="alert">{shown.message}</p>
          )
        }
      </Show>
    </section>
  );
}
