import { For, Show } from "solid-js";
import type { RunnerInfo } from "./team-api.ts";

/** The team's runners, live: name, labels, connections, slots in use, version, state. */
export function RunnersList(props: { runners: readonly RunnerInfo[]; admin: boolean; onRevoke: (runner: RunnerInfo) => void }) {
  return (
    <Show when={props.runners.length > 0} fallback={<p class="muted">No runners are attached to this team yet.</p>}>
      <table class="runners-table" aria-label="Runners">
        <thead>
          <tr>
            <th>Name</th>
            <th>Labels</th>
            <th>Connections</th>
            <th>Slots in use</th>
            <th>Version</th>
            <th>State</th>
            <Show when={props.admin}><th /></Show>
          </tr>
        </thead>
        <tbody>
          <For each={props.runners}>
            {(runner) => (
              <tr data-runner={runner.name}>
                <td>{runner.name}</td>
                <td><For each={runner.labels}>{(label) => <span class="label-chip">{label}</span>}</For></td>
                <td>{runner.connections.join(", ") || "—"}</td>
                <td>{runner.running} / {runner.slots}</td>
                <td>{runner.version || "—"}</td>
                <td class="runner-state" data-connected={String(runner.connected)}>{runner.connected ? "connected" : `last seen ${lastSeen(runner.lastSeenAt)}`}</td>
                <Show when={props.admin}>
                  <td><button type="button" class="button button-danger" aria-label={`Revoke ${runner.name}`} onClick={() => props.onRevoke(runner)}>Revoke</button></td>
                </Show>
              </tr>
            )}
          </For>
        </tbody>
      </table>
    </Show>
  );
}

function lastSeen(iso: string): string {
  const at = Date.parse(iso);
  if (!Number.isFinite(at)) return "never";
  const seconds = Math.max(0, Math.round((Date.now() - at) / 1000));
  if (seconds < 60) return `${seconds} s ago`;
  if (seconds < 3600) return `${Math.round(seconds / 60)} min ago`;
  return new Date(at).toLocaleString();
}
