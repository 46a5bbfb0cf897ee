import type { RunSession } from "./run-session.ts";
import type { EditorSession } from "../editor/editor-session.ts";

export interface RunPanelProps {
  readonly runs: RunSession;
  readonly session: EditorSession;
}

// Placeholder until the run panel lands (helper: runs).
export function RunPanel(_props: RunPanelProps) {
  return <div />;
}
