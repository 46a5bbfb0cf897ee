import type { Page } from "playwright-core";
import type { RunEvent } from "@nexus-flow/shared";

/** Every editor run log in the page's IndexedDB, oldest run first, read with the plain API. */
export function storedLogs(page: Page): Promise<RunEvent[][]> {
  return page.evaluate(
    () =>
      new Promise<RunEvent[][]>((resolve, reject) => {
        const open = indexedDB.open("nexus-flow");
        open.onerror = () => reject(open.error);
        open.onsuccess = () => {
          const read = open.result.transaction("runEvents").objectStore("runEvents").getAll();
          read.onsuccess = () => {
            const logs = new Map<string, RunEvent[]>();
            const batches = (read.result as Array<{ runId: string; seq: number; events: RunEvent[] }>).sort((a, b) => a.seq - b.seq);
            for (const batch of batches) logs.set(batch.runId, [...(logs.get(batch.runId) ?? []), ...batch.events]);
            open.result.close();
            resolve([...logs.values()].sort((a, b) => a[0]!.at - b[0]!.at));
          };
        };
      }),
  );
}

/** A node's recorded output in a run log (its `node.succeeded` event), if it succeeded. */
export const outputOf = (log: RunEvent[], nodeId: string) =>
  log.find((event): event is Extract<RunEvent, { type: "node.succeeded" }> => event.type === "node.succeeded" && event.nodeId === nodeId)?.output;
