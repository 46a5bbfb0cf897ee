import { createSignal, onCleanup, onMount, Show } from "solid-js";
import { dashboardHash, dashboardRunFromHash, type DashboardRun } from "../routes.ts";
import { shortRunId } from "../runs/format.ts";
import { TeamRunDetail } from "../team/team-run-detail.tsx";
import type { TeamConnection } from "../team/team-connection.ts";

/**
 * The team run the address opens in the Dashboard (`#/dashboard/run/<runId>/node/<nodeId>`, a
 * latest failure's link), followed across hash changes. The run is read from the hub, so it
 * opens whether or not this browser has the flow.
 */
export function createOpenedRun() {
  const [opened, setOpened] = createSignal(dashboardRunFromHash(), { equals: (a, b) => a?.runId === b?.runId && a?.nodeId === b?.nodeId });
  const onHash = () => setOpened(dashboardRunFromHash());
  window.addEventListener("hashchange", onHash);
  onCleanup(() => window.removeEventListener("hashchange", onHash));
  return opened;
}

/** One failed run: its Log (filtered to the failing node), Timeline (its row marked) and Data, live from the hub. */
export function DashboardRunSection(props: { team: TeamConnection; run: DashboardRun }) {
  let section!: HTMLElement;
  // The link is clicked at the foot of the page: bring the run into view.
  onMount(() => section.scrollIntoView({ block: "start" }));
  return (
    <section ref={section} class="dash-section dash-wide dash-run" aria-labelledby="dash-run-title">
      <header class="dash-run-header">
        <h2 id="dash-run-title">
          Run <span class="rp-mono">{shortRunId(props.run.runId)}</span>
          <Show when={props.run.nodeId}>{(node) => <> at node <span class="rp-mono">{node()}</span></>}</Show>
        </h2>
        <a class="rp-link" href={dashboardHash}>Close</a>
      </header>
      <TeamRunDetail team={props.team} runId={props.run.runId} focusNode={props.run.nodeId} />
    </section>
  );
}
