import type { FlowsRepo } from "../../storage/flows-repo.ts";

export interface VersionsDialogProps {
  readonly flows: FlowsRepo;
  readonly flowId: string;
  readonly open: boolean;
  readonly onClose: () => void;
  /** Show a version read-only on the canvas. */
  readonly onView: (version: number) => void;
}

// Placeholder until versions land (helper: panels).
export function VersionsDialog(_props: VersionsDialogProps) {
  return null;
}
