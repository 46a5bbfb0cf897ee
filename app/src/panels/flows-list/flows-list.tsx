import type { FlowsRepo } from "../../storage/flows-repo.ts";

export interface FlowsListProps {
  readonly flows: FlowsRepo;
  readonly currentId?: string;
  readonly onOpen: (id: string) => void;
}

// Placeholder until the flows list lands (helper: panels).
export function FlowsList(_props: FlowsListProps) {
  return <div />;
}
