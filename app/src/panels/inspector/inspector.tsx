import type { RunState } from "@nexus-flow/shared";
import type { EditorSession } from "../../editor/editor-session.ts";

export interface InspectorProps {
  readonly session: EditorSession;
  /** The run shown on the canvas, for the selected node's last input/output. */
  readonly run?: RunState;
}

// Placeholder until the inspector lands (helper: panels).
export function Inspector(_props: InspectorProps) {
  return <div />;
}
