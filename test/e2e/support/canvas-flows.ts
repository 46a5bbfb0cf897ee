/** The small flow the canvas suites draw on, and how they open a flow: through Import, as a user does. */
import type { Page } from "playwright-core";

//   start ─► a "Shape" ─► b "Enrich"
//            c "Log" (under a, unconnected)
export function chainFlow(id: string, name: string) {
  return {
    schemaVersion: 1,
    id,
    name,
    nodes: [
      { id: "start", type: "trigger.manual", position: { x: 0, y: 0 }, config: {} },
      { id: "a", type: "transform", label: "Shape", position: { x: 300, y: 0 }, config: { code: "return input;" } },
      { id: "b", type: "transform", label: "Enrich", position: { x: 600, y: 0 }, config: { code: "return input;" } },
      { id: "c", type: "noop", label: "Log", position: { x: 300, y: 220 }, config: {} },
    ],
    edges: [
      { id: "e1", source: "start", target: "a" },
      { id: "e2", source: "a", target: "b" },
    ],
  };
}

//   300 transforms in 20 columns of 15 rows, 240 × 72 px apart (over 150 nodes: culled, and an
//   overview far out); with `tree`, node i's parent is node ⌊(i − 1) / 2⌋, else no edges
export function gridFlow(id: string, name: string, { tree }: { tree: boolean }) {
  const nodes = [];
  const edges = [];
  for (let i = 0; i < 300; i++) {
    nodes.push({ id: `n${i}`, type: "transform", position: { x: Math.floor(i / 15) * 240, y: (i % 15) * 72 }, config: { code: "return input;" } });
    if (tree && i > 0) edges.push({ id: `e${i}`, source: `n${Math.floor((i - 1) / 2)}`, target: `n${i}` });
  }
  return { schemaVersion: 1, id, name, nodes, edges };
}

/** Imports a flow file with the Import control and waits until the canvas has drawn it. */
export async function importFlow(page: Page, flow: { id: string }): Promise<void> {
  await page.locator("#import-file").setInputFiles({ name: `${flow.id}.json`, mimeType: "application/json", buffer: Buffer.from(JSON.stringify(flow)) });
  await page.waitForURL(new RegExp(`#/flow/${flow.id}$`));
  await page.locator('.canvas[data-ready="true"]').waitFor();
}

//   start ─► double (transform: runs in QuickJS, in the worker)
/** The flow the offline suites reload and run without a network. */
export const offlineFlow = {
  schemaVersion: 1,
  id: "offline",
  name: "Offline flow",
  nodes: [
    { id: "start", type: "trigger.manual", position: { x: 0, y: 0 }, config: {} },
    { id: "double", type: "transform", position: { x: 260, y: 0 }, config: { code: "return { n: 21 * 2 }" } },
  ],
  edges: [{ id: "e1", source: "start", target: "double" }],
};
