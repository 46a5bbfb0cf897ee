import fc from "fast-check";
import { inject, describe, expect, it } from "vitest";
import { addEdge, addNode, converged, deleteNode, moveNode, nodesOf, setConfig } from "./support/flow-edits.ts";
import { connectClient, createRoom, type RoomClient } from "./support/room-client.ts";
import { waitFor } from "./support/wait-for.ts";

/**
 * Seeded property: whatever editors do — concurrent adds, moves, deletes, edges and config
 * changes on a small pool of node ids, while dropping off and coming back — once all are
 * connected and quiet, every replica holds the same operations and the same flow, and every
 * node that was added and never deleted is there. fast-check prints the seed, path and
 * scenario of a failure, unshrunk (each try of a failing scenario waits out a timeout);
 * pin it below as a regression.
 */

const relayUrl = inject("relayUrl");
const relayHost = inject("relayHost");
const seed = 20261122;
const ids = ["n0", "n1", "n2", "n3", "n4", "n5"];

type Op =
  | { kind: "add"; client: number; id: string; x: number }
  | { kind: "move"; client: number; id: string; x: number }
  | { kind: "delete"; client: number; id: string }
  | { kind: "edge"; client: number; source: string; target: string }
  | { kind: "config"; client: number; id: string; field: "url" | "code"; value: string }
  | { kind: "disconnect"; client: number }
  | { kind: "reconnect"; client: number }
  | { kind: "pause"; ms: number };

const client = fc.nat({ max: 4 });
const id = fc.constantFrom(...ids);
const op: fc.Arbitrary<Op> = fc.oneof(
  { weight: 3, arbitrary: fc.record({ kind: fc.constant("add" as const), client, id, x: fc.integer({ min: 0, max: 999 }) }) },
  { weight: 3, arbitrary: fc.record({ kind: fc.constant("move" as const), client, id, x: fc.integer({ min: 0, max: 999 }) }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant("delete" as const), client, id }) },
  { weight: 2, arbitrary: fc.record({ kind: fc.constant("edge" as const), client, source: id, target: id }) },
  { weight: 2, arbitrary: fc.record({ kind: fc.constant("config" as const), client, id, field: fc.constantFrom("url" as const, "code" as const), value: fc.string({ maxLength: 8 }) }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant("disconnect" as const), client }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant("reconnect" as const), client }) },
  { weight: 2, arbitrary: fc.record({ kind: fc.constant("pause" as const), ms: fc.integer({ min: 0, max: 15 }) }) },
);
const scenario = fc.record({ clients: fc.integer({ min: 3, max: 5 }), ops: fc.array(op, { minLength: 10, maxLength: 60 }) });

async function play({ clients: count, ops }: { clients: number; ops: Op[] }): Promise<void> {
  const room = await createRoom(relayUrl);
  const clients: RoomClient[] = Array.from({ length: count }, () => connectClient(relayHost, room.roomId, room.editKey));
  try {
    await Promise.all(clients.map((c) => c.synced()));
    const added = new Set<string>();
    const deleted = new Set<string>();
    let edges = 0;
    for (const step of ops) {
      if (step.kind === "pause") {
        await new Promise((resolve) => setTimeout(resolve, step.ms)); // lets messages interleave with edits
        continue;
      }
      const target = clients[step.client % count]!;
      switch (step.kind) {
        case "add":
          addNode(target.doc, step.id, "noop", { x: step.x, y: 0 });
          added.add(step.id);
          break;
        case "move":
          moveNode(target.doc, step.id, { x: step.x, y: step.x });
          break;
        case "delete":
          if (deleteNode(target.doc, step.id)) deleted.add(step.id);
          break;
        case "edge":
          addEdge(target.doc, `e${edges++}`, step.source, step.target);
          break;
        case "config":
          setConfig(target.doc, step.id, step.field, step.value);
          break;
        case "disconnect":
          target.provider.disconnect();
          break;
        case "reconnect":
          target.provider.connect();
          break;
      }
    }
    for (const c of clients) if (!c.provider.shouldConnect) c.provider.connect();
    const docs = clients.map((c) => c.doc);
    await waitFor("every client connected, synced and converged", () => clients.every((c) => c.provider.synced) && converged(docs), { timeoutMs: 10_000 });
    for (const nodeId of added) if (!deleted.has(nodeId)) expect(nodesOf(docs[0]!).has(nodeId), `${nodeId} was added and never deleted`).toBe(true);
  } finally {
    for (const c of clients) c.destroy();
  }
}

describe("convergence through the relay (seeded property)", () => {
  it(`converges 3-5 editors after random edits, disconnects and reconnects (seed ${seed})`, async () => {
    await fc.assert(fc.asyncProperty(scenario, play), { seed, numRuns: 30, endOnFailure: true });
  }, 120_000);
});
