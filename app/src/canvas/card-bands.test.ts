import { createRoot, createSignal } from "solid-js";
import { describe, expect, it } from "vitest";
import { bandSize, createCardBands, groupByBand, nearestBand } from "./card-bands.ts";
import { manualFrames } from "./manual-frames.ts";

// Under Node, solid-js is its server build: memos and effects do not rerun, so the tests call
// the pure parts (groupByBand, nearestBand) and `overviewChanged`, which the canvas's effect calls.

const { frame, pending } = manualFrames();

/** Three bands in a row: n0 in band 0,0; n1 and n2 in 1,0; n3 in 2,0. */
const positions = new Map([
  ["n0", { x: 10, y: 10 }],
  ["n1", { x: bandSize + 10, y: 10 }],
  ["n2", { x: bandSize + 300, y: 400 }],
  ["n3", { x: 2 * bandSize + 10, y: 10 }],
]);

describe("card bands", () => {
  it("groups cards by band and keeps a card in its band when its node moves", () => {
    const bandOf = new Map<string, string>();
    const at = new Map(positions);
    const first = groupByBand(["n0", "n1", "n2"], bandOf, (id) => at.get(id));
    expect([...first.keys()]).toEqual(["0,0", "1,0"]);
    expect(first.get("1,0")).toEqual(["n1", "n2"]);
    at.set("n1", { x: 10, y: 10 }); // dragged into band 0,0: its element stays where it is
    const second = groupByBand(["n0", "n1", "n2", "n3"], bandOf, (id) => at.get(id));
    expect(second.get("1,0")).toEqual(["n1", "n2"]);
    expect([...second.keys()]).toEqual(["0,0", "1,0", "2,0"]);
    expect([...groupByBand(["n0"], bandOf, (id) => at.get(id)).keys()]).toEqual(["0,0"]);
    expect([...bandOf.keys()]).toEqual(["n0"]);
  });

  it("finds the band nearest a point", () => {
    expect(nearestBand(["0,0", "1,0", "2,0"], { x: 1.4 * bandSize, y: 0 })).toBe("1,0");
    expect(nearestBand(["0,0", "0,3"], { x: 0, y: 2.9 * bandSize })).toBe("0,3");
  });

  it("out of the overview, shows the band nearest the view's centre first, then one per frame", () => {
    createRoot((dispose) => {
      const [overview, setOverview] = createSignal(false);
      const bands = createCardBands(() => ["n0", "n1", "n3"], (id) => positions.get(id), overview, () => ({ x: 2.5 * bandSize, y: 0 }));
      setOverview(true);
      bands.overviewChanged(true);
      expect(bands.revealing()).toBe(false);
      setOverview(false);
      bands.overviewChanged(false);
      expect(bands.revealing()).toBe(true);
      expect(bands.keys().filter((key) => !bands.concealed(key))).toEqual(["2,0"]);
      expect(bands.edgesConcealed()).toBe(true);
      frame(); // the edges, alone in their frame
      expect(bands.edgesConcealed()).toBe(false);
      expect(bands.keys().filter((key) => !bands.concealed(key))).toEqual(["2,0"]);
      frame();
      expect(bands.keys().filter((key) => !bands.concealed(key))).toEqual(["1,0", "2,0"]);
      frame();
      expect(bands.revealing()).toBe(false);
      expect(pending()).toBe(0);
      dispose();
    });
  });

  it("while cards are still coming out of the overview, keeps revealing until the last has come", () => {
    createRoot((dispose) => {
      const [overview, setOverview] = createSignal(true);
      const [filling, setFilling] = createSignal(true);
      const bands = createCardBands(() => ["n0", "n3"], (id) => positions.get(id), overview, () => ({ x: 0, y: 0 }), filling);
      setOverview(false);
      bands.overviewChanged(false);
      frame();
      frame();
      // Both bands were there when the overview ended: shown while more cards come, and the
      // reveal goes on (the edges stay hidden) as long as they do.
      expect(bands.keys().filter((key) => bands.concealed(key))).toEqual([]);
      expect(bands.revealing()).toBe(true);
      frame();
      expect(bands.revealing()).toBe(true);
      expect(bands.edgesConcealed()).toBe(true);
      setFilling(false);
      frame();
      expect(bands.edgesConcealed()).toBe(false);
      frame();
      expect(bands.revealing()).toBe(false);
      expect(pending()).toBe(0);
      dispose();
    });
  });

  it("while the view moves (a wheel zoom), shows no band; goes on once it stops", () => {
    createRoot((dispose) => {
      const [overview, setOverview] = createSignal(true);
      const [moving, setMoving] = createSignal(false);
      const bands = createCardBands(() => ["n0", "n1", "n3"], (id) => positions.get(id), overview, () => ({ x: 0, y: 0 }), () => false, moving);
      setOverview(false);
      bands.overviewChanged(false);
      frame(); // the edges
      const shown = () => bands.keys().filter((key) => !bands.concealed(key));
      expect(shown()).toEqual(["0,0"]);
      setMoving(true);
      for (let i = 0; i < 5; i++) frame();
      expect(shown()).toEqual(["0,0"]);
      expect(bands.revealing()).toBe(true);
      setMoving(false);
      frame();
      expect(shown()).toEqual(["0,0", "1,0"]);
      frame();
      expect(bands.revealing()).toBe(false);
      expect(pending()).toBe(0);
      dispose();
    });
  });

  it("back into the overview mid-way, stops revealing", () => {
    createRoot((dispose) => {
      const [overview, setOverview] = createSignal(true);
      const bands = createCardBands(() => ["n0", "n1", "n3"], (id) => positions.get(id), overview, () => ({ x: 0, y: 0 }));
      setOverview(false);
      bands.overviewChanged(false);
      setOverview(true);
      bands.overviewChanged(true);
      expect(bands.revealing()).toBe(false);
      expect(bands.keys().some((key) => bands.concealed(key))).toBe(false);
      dispose();
    });
  });
});
