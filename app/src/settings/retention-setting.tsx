import { createSignal, onMount, Show } from "solid-js";
import type { NexusDb } from "../storage/db.ts";
import { readSetting, writeSetting } from "./settings-store.ts";
import { maxRetentionDays, runRetentionDays } from "./run-retention.ts";

/** "Keep run history for N days": saved as soon as it changes; applied at the next start-up. */
export function RetentionSetting(props: { db: NexusDb }) {
  const [days, setDays] = createSignal<number>();
  const [message, setMessage] = createSignal<{ text: string; error: boolean }>();
  onMount(async () => setDays(await readSetting(props.db, runRetentionDays)));

  async function save(text: string) {
    const value = Number(text);
    if (runRetentionDays.parse(value) === undefined) return void setMessage({ text: `Enter a whole number of days from 1 to ${maxRetentionDays}.`, error: true });
    await writeSetting(props.db, runRetentionDays, value);
    setDays(value);
    setMessage({ text: "Saved. Older runs are deleted when the app starts.", error: false });
  }

  return (
    <div class="setting">
      <label class="setting-row">
        <span>Keep run history for</span>
        <input class="input setting-number" type="number" min="1" max={maxRetentionDays} step="1" value={days() ?? ""} aria-label="Days to keep run history" onChange={(event) => void save(event.currentTarget.value)} />
        <span>days</span>
      </label>
      <Show when={message()}>{(shown) => <p classList={{ "error-text": shown().error, muted: !shown().error }} role="status">{shown().text}</p>}</Show>
    </div>
  );
}
