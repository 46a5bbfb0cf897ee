import { createSignal, For, Show } from "solid-js";
import { readAudit, type AuditEntry } from "./team-api.ts";
import type { TeamConnection } from "./team-connection.ts";

/** Admins: who did what and when (tokens minted or revoked, runners attached or revoked, flows published, runs started or cancelled). */
export function AuditLog(props: { team: TeamConnection }) {
  const [entries, setEntries] = createSignal<readonly AuditEntry[]>();
  const [problem, setProblem] = createSignal<string>();
  async function load() {
    const result = await readAudit(props.team);
    if (result.ok) setEntries(result.value.entries), setProblem(undefined);
    else setProblem(result.message);
  }
  return (
    <details onToggle={(event) => event.currentTarget.open && void load()}>
      <summary>Audit log</summary>
      <Show when={problem()}>{(message) => <p class="error-text" role="alert">{message()}</p>}</Show>
      <table class="runners-table" aria-label="Audit log">
        <tbody>
          <For each={entries() ?? []}>
            {(entry) => (
              <tr>
                <td>{new Date(entry.at).toLocaleString()}</td>
                <td>{entry.actor}</td>
                <td>{entry.action}</td>
                <td class="team-command">{JSON.stringify(entry.detail)}</td>
              </tr>
            )}
          </For>
        </tbody>
      </table>
    </details>
  );
}
