/**
 * The layout worker: runs dagre (layout-graph.ts) off the page's thread, one layout per
 * worker. Started by auto-layout.ts with
 * `new Worker(new URL("./layout-worker.ts", import.meta.url), { type: "module" })`.
 */
import { layoutGraph, type LayoutInput } from "./layout-graph.ts";

self.onmessage = (event: MessageEvent<LayoutInput>) => {
  try {
    self.postMessage({ ok: true, positions: layoutGraph(event.data) });
  } catch (error) {
    self.postMessage({ ok: false, error: error instanceof Error ? error.message : String(error) });
  }
};
