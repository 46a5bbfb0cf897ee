import { onCleanup, onMount } from "solid-js";
import { getInternalNodesBounds } from "@xyflow/system";
import type { FlowLookup } from "./flow-lookup.ts";
import { frameScheduler } from "./frame-scheduler.ts";

const slack = 1500;

/**
 * An invisible box under the whole flow, first in the viewport. The viewport is its own
 * compositing layer; without a box spanning the content, Chrome splits far-apart cards into
 * a layer per column (merging them would make a "sparse" layer), and forty layers cost
 * every frame. Resized, with slack, when nodes leave it.
 * What it paints is two dots in opposite corners, not an outline: Chrome merges by the box its
 * paint spans (both dots: the whole box), but an outline's rect ran through every tile of the
 * layer, so every tile in view was rastered and drawn, empty (the overview hides the cards:
 * ~50 tiles and 3-4 ms of software compositing per wheel step, trace), where two dots leave the
 * tiles between them transparent, which Chrome skips.
 */
export function LayerBackdrop(props: { lookup: FlowLookup }) {
  let element!: HTMLDivElement;
  let box = { x: 0, y: 0, x2: 0, y2: 0 };

  function fit(): void {
    const nodes = getInternalNodesBounds(props.lookup.nodeLookup);
    const inside = nodes.x >= box.x && nodes.y >= box.y && nodes.x + nodes.width <= box.x2 && nodes.y + nodes.height <= box.y2;
    const roomy = box.x2 - box.x - nodes.width > 4 * slack || box.y2 - box.y - nodes.height > 4 * slack;
    if (inside && !roomy) return;
    box = { x: nodes.x - slack, y: nodes.y - slack, x2: nodes.x + nodes.width + slack, y2: nodes.y + nodes.height + slack };
    Object.assign(element.style, { left: `${box.x}px`, top: `${box.y}px`, width: `${box.x2 - box.x}px`, height: `${box.y2 - box.y}px` });
  }

  const refit = frameScheduler(fit);
  onMount(() => {
    fit();
    onCleanup(props.lookup.onGeometryChange(refit.schedule));
  });
  return (
    <div ref={element} class="canvas-backdrop" aria-hidden="true">
      <i />
      <i />
    </div>
  );
}
