import { createEffect, createSignal, onCleanup, Show } from "solid-js";
import type { TeamStore } from "./team-store.ts";
import { mintEnrollment, revokeRunner, runnerCommand, type RunnerInfo } from "./team-api.ts";
import { AuditLog } from "./audit-log.tsx";
import { InviteLink } from "./invite-link.tsx";
import { RunnersList } from "./runners-list.tsx";
import "./team.css";

/**
 * The Team panel: which team this browser is connected to and as what, joining with an
 * invite link, leaving, and the team's runners live. Admin controls (add a runner, revoke)
 * show only for an admin token; the hub refuses them to anyone else anyway.
 */
export function TeamPanel(props: { team: TeamStore; open: boolean; onClose: () => void }) {
  let dialog!: HTMLDialogElement;
  const [invite, setInvite] = createSignal("");
  const [problem, setProblem] = createSignal<string>();
  const [command, setCommand] = createSignal<string>();
  const admin = () => props.team.role() === "admin";
  createEffect(() => {
    if (props.open && !dialog.open) dialog.showModal();
    else if (!props.open && dialog.open) dialog.close();
    if (!props.open) return;
    const stop = props.team.watchRunners();
    onCleanup(stop);
  });

  async function join() {
    setProblem(await props.team.join(invite()));
    if (!problem()) setInvite("");
  }
  async function addRunner() {
    const team = props.team.connection();
    if (!team) return;
    const minted = await mintEnrollment(team);
    if (minted.ok) setCommand(runnerCommand(team, minted.value.token));
    else setProblem(minted.message);
  }
  async function revoke(runner: RunnerInfo) {
    const team = props.team.connection();
    if (!team) return;
    const result = await revokeRunner(team, runner.id);
    setProblem(result.ok ? undefined : result.message);
    await props.team.refreshRunners();
  }

  return (
    <dialog ref={dialog} class="dialog team-dialog" aria-labelledby="team-title" onClose={() => props.onClose()}>
      <header class="team-header">
        <span id="team-title">Team</span>
        <button type="button" class="button button-ghost icon-button" aria-label="Close" onClick={() => props.onClose()}>×</button>
      </header>
      <div class="body">
        <Show when={props.team.connection()} fallback={<p class="muted">Not connected to a team. Runs happen in this browser only.</p>}>
          {(team) => (
            <div class="team-row">
              <span role="status" aria-label="Team connection">
                Connected to {team().relayUrl} as <strong>{props.team.role() ?? "member"}</strong>
                {team().source === "local" ? " (the local team of npm start)" : ""}
              </span>
              <span class="spacer" />
              <Show when={team().source === "invite"}>
                <button type="button" class="button" onClick={() => void props.team.leave()}>Leave team</button>
              </Show>
            </div>
          )}
        </Show>
        <Show when={props.team.connection()?.source !== "invite"}>
          <div class="team-row">
            <input class="input" aria-label="Invite link" placeholder="Invite link: …#team=<relay>&token=<token>" value={invite()} onInput={(event) => setInvite(event.currentTarget.value)} />
            <button type="button" class="button button-primary" disabled={!invite().trim()} onClick={() => void join()}>Join</button>
          </div>
        </Show>
        <Show when={props.team.problem() ?? problem()}>
          {(message) => <p class="error-text" role="alert">{message()}</p>}
        </Show>
        <Show when={props.team.connection()}>
          <h3>Runners</h3>
          <RunnersList runners={props.team.runners()} admin={admin()} onRevoke={(runner) => void revoke(runner)} />
          <Show when={admin()}>
            <div class="team-row">
              <button type="button" class="button" onClick={() => void addRunner()}>Add a runner</button>
              <Show when={command()}>
                {(text) => <input class="input team-command" aria-label="Runner command" readOnly value={text()} onFocus={(event) => event.currentTarget.select()} />}
              </Show>
            </div>
            <h3>Invite</h3>
            <InviteLink team={props.team.connection()!} />
            <AuditLog team={props.team.connection()!} />
          </Show>
        </Show>
      </div>
    </dialog>
  );
}

/** The toolbar's Team button, with its panel. */
export function TeamButton(props: { team: TeamStore }) {
  const [open, setOpen] = createSignal(false);
  return (
    <>
      <button class="button" onClick={() => setOpen(true)} title={props.team.connection() ? `Team: ${props.team.connection()!.relayUrl}` : "Not connected to a team"}>Team</button>
      <TeamPanel team={props.team} open={open()} onClose={() => setOpen(false)} />
    </>
  );
}
