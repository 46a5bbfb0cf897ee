import { For } from "solid-js";
import { formatIssue, type FlowIssue } from "@nexus-flow/shared";

/** Problems no single field answers for, each with its path. */
export function IssueList(props: { issues: readonly FlowIssue[]; label?: string }) {
  return (
    <div class="issue-box" role="group" aria-label={props.label ?? "Problems"}>
      <p class="issue-box-title">{props.issues.length === 1 ? "1 problem" : `${props.issues.length} problems`}</p>
      <ul>
        <For each={props.issues}>{(issue) => <li>{formatIssue(issue)}</li>}</For>
      </ul>
    </div>
  );
}
