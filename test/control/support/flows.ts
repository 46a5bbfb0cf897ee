/** Flows the control suites publish: side effects counted by a local HTTP server. */
export function sideEffectFlow(id: string, serverUrl: string, delayMs: number) {
  const http = (nodeId: string, path: string, x: number) => ({ id: nodeId, type: "http.request", position: { x, y: 0 }, config: { method: "POST", url: `${serverUrl}${path}` } });
  return {
    schemaVersion: 1,
    id,
    name: id,
    nodes: [
      { id: "start", type: "trigger.manual", position: { x: 0, y: 0 }, config: {} },
      http("a", "/a", 200),
      { id: "wait", type: "delay", position: { x: 400, y: 0 }, config: { ms: delayMs } },
      http("b", "/b", 600),
    ],
    edges: [
      { id: "e1", source: "start", target: "a" },
      { id: "e2", source: "a", target: "wait" },
      { id: "e3", source: "wait", target: "b" },
    ],
  };
}

export const hits = (requests: readonly { path: string }[], path: string) => requests.filter((request) => request.path === path).length;
