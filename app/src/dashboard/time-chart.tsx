import { createEffect, onCleanup, onMount } from "solid-js";
import uPlot from "uplot";
import "uplot/dist/uPlot.min.css";

export interface ChartSeries {
  readonly label: string;
  /** A theme variable (`--status-failed`): the line takes the theme's colour, light or dark. */
  readonly colorVar: string;
  /** Bars for counts per interval, lines for levels that move. */
  readonly bars?: boolean;
}

export interface ChartProps {
  readonly title: string;
  readonly series: readonly ChartSeries[];
  readonly data: () => uPlot.AlignedData;
  readonly summary: () => string;
  readonly yLabel: string;
  /** Seconds between points: the x axis shows at least ten of them, with one spare on each side. */
  readonly stepSeconds: () => number;
}

/**
 * A uPlot time chart that follows the page: new data redraws it in place (no flicker while
 * polling), its width follows its box, and its colours follow the light/dark theme (canvas
 * pixels cannot use CSS variables, so the chart is rebuilt with the theme's values when the
 * theme changes). The canvas is hidden from assistive technology: `summary` says the same in
 * words, and the caller shows the numbers as a table.
 */
export function TimeChart(props: ChartProps) {
  let box!: HTMLDivElement;
  let chart: uPlot | undefined;
  const build = () => {
    chart?.destroy();
    chart = new uPlot(options(props, Math.max(240, box.clientWidth)), props.data(), box);
  };
  onMount(() => {
    build();
    const scheme = window.matchMedia("(prefers-color-scheme: dark)");
    scheme.addEventListener("change", build);
    const resize = new ResizeObserver(() => chart?.setSize({ width: Math.max(240, box.clientWidth), height: 180 }));
    resize.observe(box);
    onCleanup(() => (scheme.removeEventListener("change", build), resize.disconnect(), chart?.destroy()));
  });
  createEffect(() => {
    const data = props.data();
    chart?.setData(data);
  });
  return (
    <figure class="dash-chart">
      <figcaption>{props.title}</figcaption>
      <div role="img" aria-label={props.summary()} ref={box} />
    </figure>
  );
}

function options(props: ChartProps, width: number): uPlot.Options {
  const style = getComputedStyle(document.documentElement);
  const color = (name: string) => style.getPropertyValue(name).trim() || "#888";
  const axis = { stroke: color("--text-2"), grid: { stroke: color("--border") }, ticks: { stroke: color("--border") } };
  // Bars of one interval stand side by side (not over each other), so each count reads on its own.
  const barsAt = (index: number, of: number) => uPlot.paths.bars?.({ size: [0.8 / of, 30], align: of === 1 ? 0 : index === 0 ? -1 : 1 });
  const barCount = props.series.filter((series) => series.bars).length;
  return {
    width,
    height: 180,
    cursor: { drag: { x: false, y: false } },
    scales: {
      // uPlot stretches one point to years; a handful of steps around the data reads as time.
      // (It widens a single point by 86,400,000 s, hence the last x read from the data.)
      x: { time: true, range: (self, min) => xRange(self.data[0], min, props.stepSeconds()) },
      y: { range: (_self, _min, max) => [0, Math.max(1, max)] },
    },
    axes: [axis, { ...axis, label: props.yLabel }],
    series: [
      {},
      ...props.series.map((series, index) => {
        const bars = series.bars ? barsAt(index, barCount) : undefined;
        return { label: series.label, stroke: color(series.colorVar), width: 2, ...(bars ? { paths: bars, fill: color(series.colorVar) } : {}) };
      }),
    ],
  };
}

/** The x range: the data's span, at least ten steps, one spare step on each side. */
export function xRange(xs: ArrayLike<number> | undefined, min: number, step: number): [number, number] {
  const last = xs && xs.length ? xs[xs.length - 1]! : min;
  return [min - step, Math.max(last, min + 10 * step) + step];
}
