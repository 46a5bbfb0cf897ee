/** Drag payload type for palette → canvas drops. */
export const nodeTypeDragFormat = "application/x-nexus-node-type";

export interface PaletteProps {
  /** Click (or Enter) on an entry adds that node type at the centre of the canvas. */
  readonly onAdd: (type: string) => void;
  readonly disabled?: boolean;
}

// Placeholder until the palette lands (helper: panels).
export function Palette(_props: PaletteProps) {
  return <div />;
}
