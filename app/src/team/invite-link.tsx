import { createSignal, Show } from "solid-js";
import type { TeamConnection } from "./team-connection.ts";
import { teamCall } from "./team-api.ts";

/**
 * Admins invite people: mint a member token (editor or viewer) and show the invite link to
 * send, `<this app>/#team=<relay>&token=<token>`. The hub refuses the mint to anyone else.
 */
export function InviteLink(props: { team: TeamConnection }) {
  const [role, setRole] = createSignal<"editor" | "viewer">("editor");
  const [link, setLink] = createSignal<string>();
  const [problem, setProblem] = createSignal<string>();
  async function create() {
    const minted = await teamCall<{ token: string }>(props.team, "POST", "/api/tokens", { role: role() });
    if (!minted.ok) return void setProblem(minted.message);
    setProblem(undefined);
    setLink(`${location.origin}/#team=${encodeURIComponent(props.team.relayUrl)}&token=${encodeURIComponent(minted.value.token)}`);
  }
  return (
    <div class="team-row">
      <select class="input" aria-label="Invite as" value={role()} onChange={(event) => setRole(event.currentTarget.value as "editor" | "viewer")}>
        <option value="editor">Editor (runs, publishes)</option>
        <option value="viewer">Viewer (sees runs)</option>
      </select>
      <button type="button" class="button" onClick={() => void create()}>Create invite link</button>
      <Show when={link()}>{(text) => <input class="input team-command" aria-label="Invite link to send" readOnly value={text()} onFocus={(event) => event.currentTarget.select()} />}</Show>
      <Show when={problem()}>{(message) => <p class="error-text" role="alert">{message()}</p>}</Show>
    </div>
  );
}
