import type { Accessor } from "solid-js";
import type { NodeStatus } from "@nexus-flow/shared";
import type { EditorSession } from "../editor/editor-session.ts";
import type { FlowLookup } from "./flow-lookup.ts";
import type { CanvasViewport } from "./viewport.ts";
import type { ConnectionController } from "./connection.ts";

/** What the canvas's layers share; built once the pane exists (XYPanZoom needs its element). */
export interface CanvasContext {
  readonly session: EditorSession;
  readonly lookup: FlowLookup;
  readonly viewport: CanvasViewport;
  readonly connections: ConnectionController;
  readonly attachDrag: (element: HTMLElement, nodeId: string) => () => void;
  readonly nodeStatus: (nodeId: string) => NodeStatus | undefined;
  readonly nodeWarning: (nodeId: string) => string | undefined;
  readonly edgeActive: (edgeId: string) => boolean;
  /** Node ids and edge ids to draw (the ones in or near the view). */
  readonly visibleNodes: Accessor<readonly string[]>;
  /** Zoomed in enough to show cards in full (text, handles, badges); far out they are blocks. */
  readonly fullDetail: Accessor<boolean>;
  /** A big flow far out: nodes and edges are drawn as overview paths, not elements. */
  readonly overview: Accessor<boolean>;
  readonly visibleEdges: Accessor<readonly string[]>;
  /** Some node or edge elements near the view are still being created (a batch per frame). */
  readonly filling: Accessor<boolean>;
  /** Nodes being dragged now (the selection, while a drag lasts): they and their edges move on layers of their own. */
  readonly lifted: Accessor<ReadonlySet<string>>;
}
