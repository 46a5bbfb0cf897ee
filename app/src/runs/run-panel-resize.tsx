import { createSignal, type Accessor } from "solid-js";

const heightKey = "nexus.runPanel.height";
const defaultHeight = 260;
/** Header and tabs stay usable at this height. */
export const minPanelHeight = 140;
/**
 * The Data tab's input and output panes get at least 300 px: the panel's header (40), tabs
 * (33), node picker (34) and padding (10) come on top of that.
 */
export const dataTabMinHeight = 300 + 40 + 33 + 34 + 10;
/** The canvas keeps at least this much above the panel (toolbar 48 px on top). */
const canvasReserve = 48 + 200;

/**
 * The run panel's height: the one the person chose (persisted), raised to what the shown tab
 * needs (the Data tab's panes) and capped so the canvas keeps some room.
 * @example const size = createPanelHeight(() => tab() === "Data"); size.height() // 417 at 900 px tall
 */
export function createPanelHeight(needsData: Accessor<boolean>) {
  const [chosen, setChosen] = createSignal(Number(localStorage.getItem(heightKey)) || defaultHeight);
  const [windowHeight, setWindowHeight] = createSignal(window.innerHeight);
  const onResize = () => setWindowHeight(window.innerHeight);
  window.addEventListener("resize", onResize);
  const max = () => Math.max(minPanelHeight, windowHeight() - canvasReserve);
  const min = () => Math.min(max(), needsData() ? dataTabMinHeight : minPanelHeight);
  const clamp = (value: number) => Math.round(Math.min(max(), Math.max(min(), value)));
  return {
    height: () => clamp(chosen()),
    min,
    max,
    /** Whether the Data tab makes the panel taller than the chosen height. */
    raisedByData: () => chosen() < Math.min(max(), dataTabMinHeight),
    /** Sets the chosen height; `persist` once a gesture ends (not sixty writes a drag). */
    set(value: number, persist = true) {
      setChosen(clamp(value));
      if (persist) localStorage.setItem(heightKey, String(chosen()));
    },
    dispose: () => window.removeEventListener("resize", onResize),
  };
}

export type PanelHeight = ReturnType<typeof createPanelHeight>;

/**
 * The drag handle on the panel's top edge, also a focusable separator (WAI-ARIA window
 * splitter): arrow keys resize by 20 px (Shift: 100), Home and End go to the limits.
 * `onResized` runs once a gesture ends, so the canvas re-fits the area left to it.
 */
export function PanelResizer(props: { size: PanelHeight; onResized: () => void }) {
  function startDrag(event: PointerEvent) {
    const startY = event.clientY;
    const startHeight = props.size.height();
    const target = event.currentTarget as HTMLElement;
    target.setPointerCapture(event.pointerId);
    const move = (next: PointerEvent) => props.size.set(startHeight + startY - next.clientY, false);
    const up = () => {
      target.removeEventListener("pointermove", move);
      props.size.set(props.size.height());
      props.onResized();
    };
    target.addEventListener("pointermove", move);
    target.addEventListener("pointerup", up, { once: true });
  }

  function onKey(event: KeyboardEvent) {
    const step = event.shiftKey ? 100 : 20;
    const next: Record<string, number> = { ArrowUp: props.size.height() + step, ArrowDown: props.size.height() - step, Home: props.size.min(), End: props.size.max() };
    const value = next[event.key];
    if (value === undefined) return;
    event.preventDefault();
    props.size.set(value);
    props.onResized();
  }

  return (
    <div
      class="rp-resize"
      role="separator"
      tabIndex={0}
      aria-orientation="horizontal"
      aria-label="Resize run panel"
      aria-valuenow={props.size.height()}
      aria-valuemin={props.size.min()}
      aria-valuemax={props.size.max()}
      aria-valuetext={`Run panel ${props.size.height()} pixels tall`}
      title="Drag, or focus and use the arrow keys, to resize the run panel"
      onPointerDown={startDrag}
      onKeyDown={onKey}
    />
  );
}
