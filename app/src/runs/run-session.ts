import { createSignal, type Accessor } from "solid-js";
import type { ApprovalDecision, JsonValue, RunState } from "@nexus-flow/shared";
import type { AppContext } from "../app-context.ts";
import type { EditorSession } from "../editor/editor-session.ts";

/** Runs of the open flow: the one shown on the canvas, and the commands on it. */
export interface RunSession {
  /** The run shown on the canvas and in the run panel (live or from history). */
  readonly shown: Accessor<RunState | undefined>;
  readonly running: Accessor<boolean>;
  start(input: JsonValue): Promise<void>;
  cancel(): void;
  signal(nodeId: string, decision: ApprovalDecision): void;
  rerunFrom(nodeId: string): Promise<void>;
  show(runId: string | undefined): Promise<void>;
  dispose(): void;
}

// Placeholder until runs land (helper: runs).
export function createRunSession(_context: AppContext, _session: EditorSession): RunSession {
  const [shown] = createSignal<RunState | undefined>();
  return {
    shown,
    running: () => false,
    start: async () => {},
    cancel() {},
    signal() {},
    rerunFrom: async () => {},
    show: async () => {},
    dispose() {},
  };
}
