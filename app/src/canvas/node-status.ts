import type { NodeStatus } from "@nexus-flow/shared";

/** How each run status shows on a node: a glyph in the status badge and words for it. */
export const statusLooks: Record<NodeStatus, { readonly glyph: string; readonly label: string }> = {
  idle: { glyph: "", label: "Idle" },
  queued: { glyph: "⋯", label: "Queued" },
  running: { glyph: "", label: "Running" },
  retrying: { glyph: "↻", label: "Retrying" },
  waiting: { glyph: "❚❚", label: "Waiting" },
  succeeded: { glyph: "✓", label: "Succeeded" },
  failed: { glyph: "✕", label: "Failed" },
  skipped: { glyph: "↷", label: "Skipped" },
  cancelled: { glyph: "⊘", label: "Cancelled" },
};
