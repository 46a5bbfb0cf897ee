/**
 * The page's team state: which team this browser is connected to (kept in IndexedDB from an
 * invite link, else `npm start`'s local team), the role its token carries, and the team's
 * runners, polled while something shows them. One per app (AppContext).
 */
import { createSignal, type Accessor } from "solid-js";
import type { NexusDb } from "../storage/db.ts";
import { listRunners, type RunnerInfo } from "./team-api.ts";
import { offeredConnections } from "./placement.ts";
import { parseInvite, resolveTeam, teamSettingKey, tokenRole, type TeamConnection, type TeamRole } from "./team-connection.ts";

export interface TeamStore {
  readonly connection: Accessor<TeamConnection | undefined>;
  readonly role: Accessor<TeamRole | undefined>;
  readonly runners: Accessor<readonly RunnerInfo[]>;
  /** Why the last runners call failed (offline, refused), or `undefined`. */
  readonly problem: Accessor<string | undefined>;
  /** Every label some runner offers, sorted: what "Runs on" suggests. */
  readonly labels: Accessor<readonly string[]>;
  /** Every connection name some runner offers (`warehouse`), sorted: what a DB node's connection field suggests. */
  readonly connections: Accessor<readonly string[]>;
  /** Joins from an invite link; resolves with why not, or `undefined` once kept. */
  join(link: string): Promise<string | undefined>;
  /** Forgets the kept connection (the local team of `npm start` comes back, if served). */
  leave(): Promise<void>;
  refreshRunners(): Promise<void>;
  /** Polls the runners every `intervalMs` until the returned stop is called. */
  watchRunners(intervalMs?: number): () => void;
}

export function createTeamStore(db: NexusDb): TeamStore {
  const [connection, setConnection] = createSignal<TeamConnection>();
  const [runners, setRunners] = createSignal<readonly RunnerInfo[]>([]);
  const [problem, setProblem] = createSignal<string>();
  // A join or leave while the start-up load is in flight wins over what that load found.
  let changes = 0;
  const load = async () => {
    const seen = changes;
    const found = await resolveTeam(async () => (await db.settings.get(teamSettingKey))?.value, (path) => fetch(path, { cache: "no-store" }));
    if (seen === changes) setConnection(found);
  };
  const loaded = load().then(() => refreshRunners());

  async function refreshRunners(): Promise<void> {
    const team = connection();
    if (!team) return void (setRunners([]), setProblem(undefined));
    const result = await listRunners(team);
    if (connection() !== team) return; // left or switched meanwhile
    if (result.ok) setRunners(result.value.runners), setProblem(undefined);
    else setProblem(result.message);
  }

  return {
    connection,
    role: () => {
      const team = connection();
      return team && tokenRole(team.token);
    },
    runners,
    problem,
    labels: () => [...new Set(runners().flatMap((runner) => runner.labels))].sort(),
    connections: () => offeredConnections(runners()),
    async join(link) {
      const invite = parseInvite(link.trim());
      if (!invite.ok) return invite.reason;
      const { relayUrl, token } = invite.connection;
      changes++;
      setConnection(invite.connection);
      await db.settings.put({ key: teamSettingKey, value: { relayUrl, token } });
      await refreshRunners();
      return undefined;
    },
    async leave() {
      changes++;
      await db.settings.delete(teamSettingKey);
      setRunners([]);
      await load();
      await refreshRunners();
    },
    refreshRunners,
    watchRunners(intervalMs = 3_000) {
      void loaded.then(refreshRunners);
      const timer = setInterval(() => void refreshRunners(), intervalMs);
      return () => clearInterval(timer);
    },
  };
}
