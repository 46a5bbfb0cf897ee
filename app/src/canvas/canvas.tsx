import type { NodeStatus } from "@nexus-flow/shared";
import type { EditorSession } from "../editor/editor-session.ts";

/** What the shell can ask of the canvas. */
export interface CanvasApi {
  fitView(): void;
  autoLayout(): void;
  /** Adds a node of `type` at the centre of the view (palette click) and selects it. */
  addNode(type: string): void;
}

export interface CanvasProps {
  readonly session: EditorSession;
  /** Live status of a node in the run shown on the canvas, if any. */
  readonly nodeStatus: (nodeId: string) => NodeStatus | undefined;
  /** Whether data is flowing along this edge now (its source finished, its target running). */
  readonly edgeActive: (edgeId: string) => boolean;
  readonly onReady?: (api: CanvasApi) => void;
}

// Placeholder until the canvas lands (helper: canvas).
export function Canvas(props: CanvasProps) {
  return <div class="canvas-placeholder" data-count={Object.keys(props.session.view.nodes).length} />;
}
