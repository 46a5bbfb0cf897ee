/**
 * Import stores the bytes the engine worker encodes (`encodeFlow`) as the content of the doc
 * the page wrote the same flow into (storage/early-docs.ts): that is only right if the two
 * docs hold the same items, byte for byte. The page's flow is a structured clone of the
 * worker's (it crossed postMessage), so the property is checked on such a copy.
 */
import fc from "fast-check";
import * as Y from "yjs";
import { describe, expect, it } from "vitest";
import type { Flow } from "@nexus-flow/shared";
import { writeFlow } from "../flow-doc/index.ts";
import { flowChecks } from "./flow-checks.ts";

const id = fc.stringMatching(/^[a-z][a-z0-9-]{0,8}$/);
const key = fc.string({ maxLength: 6 }).filter((text) => text !== "__proto__");
const json = fc.jsonValue({ maxDepth: 3 });
const node = fc.record(
  {
    id,
    type: fc.constantFrom("transform", "noop", "http.request", "trigger.manual", "delay"),
    position: fc.record({ x: fc.double({ noNaN: true, noDefaultInfinity: true }), y: fc.integer() }),
    config: fc.dictionary(key, json, { maxKeys: 4 }),
    label: fc.string({ maxLength: 10 }),
    retry: fc.record({ maxAttempts: fc.nat(5) }),
    disabled: fc.boolean(),
  },
  { requiredKeys: ["id", "type", "position", "config"] },
);
const flow = fc
  .record({
    name: fc.string({ maxLength: 12 }),
    nodes: fc.uniqueArray(node, { selector: (drawn) => drawn.id, maxLength: 12 }),
    settings: fc.option(fc.record({ concurrency: fc.nat(8) }), { nil: undefined }),
    notes: fc.option(fc.uniqueArray(fc.record({ id, text: fc.string({ maxLength: 20 }), position: fc.record({ x: fc.integer(), y: fc.integer() }), size: fc.record({ width: fc.nat(400), height: fc.nat(400) }) }), { selector: (note) => note.id, maxLength: 3 }), { nil: undefined }),
    pins: fc.dictionary(id, json, { maxKeys: 3 }),
  })
  .chain(({ nodes, pins, ...rest }) =>
    fc.record({
      edges: fc.uniqueArray(fc.record({ id, source: fc.constantFrom("", ...nodes.map((drawn) => drawn.id)), target: fc.constantFrom("", ...nodes.map((drawn) => drawn.id)) }), { selector: (edge) => edge.id, maxLength: 12 }),
    }).map(({ edges }) => fromFile(JSON.stringify({ schemaVersion: 1, id: "f", ...rest, nodes, edges, pinData: pins }))),
  );

/** As Import reads a file: parsed JSON (plain objects; `-0` stays `-0`). */
const fromFile = (text: string) => JSON.parse(text) as Flow;

describe("encodeFlow (the engine worker's encoding of an imported flow)", () => {
  it("is byte for byte what the page's doc holds after writing a copy of the same flow with the same client id (seeded)", async () => {
    await fc.assert(
      fc.asyncProperty(flow, fc.integer({ min: 1, max: 2 ** 31 }), async (drawn, clientID) => {
        const { update, stateVector } = await flowChecks.encodeFlow(drawn, clientID);
        const page = new Y.Doc();
        page.clientID = clientID;
        writeFlow(page, structuredClone(drawn));
        expect(Y.encodeStateVector(page)).toEqual(stateVector);
        expect(Y.encodeStateAsUpdateV2(page)).toEqual(update);
      }),
      {
        seed: 20261207,
        numRuns: 300,
        examples: [[fromFile('{"schemaVersion":1,"id":"f","name":"é","nodes":[{"id":"a","type":"noop","position":{"x":-0,"y":1e300},"config":{"1":null,"b":[-0,"\\u0000"],"a":{}}}],"edges":[]}'), 7]],
      },
    );
  });
});
