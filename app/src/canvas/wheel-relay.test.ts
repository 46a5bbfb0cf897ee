import { describe, expect, it } from "vitest";
import { relayWheelListeners } from "./wheel-relay.ts";

/** An EventTarget that counts the wheel listeners registered on it for real. */
function target() {
  const element = new EventTarget() as EventTarget & { registered: number };
  element.registered = 0;
  const add = element.addEventListener.bind(element);
  const remove = element.removeEventListener.bind(element);
  element.addEventListener = (type: string, listener: EventListenerOrEventListenerObject | null, options?: boolean | AddEventListenerOptions) => {
    if (type === "wheel") element.registered++;
    add(type, listener, options);
  };
  element.removeEventListener = (type: string, listener: EventListenerOrEventListenerObject | null, options?: boolean | EventListenerOptions) => {
    if (type === "wheel") element.registered--;
    remove(type, listener, options);
  };
  return element;
}

describe("relayWheelListeners", () => {
  it("keeps one wheel listener registered while d3-style code removes and re-adds its own", () => {
    const element = target();
    relayWheelListeners(element as unknown as HTMLElement);
    const seen: string[] = [];
    const first = (event: Event) => seen.push(`first ${event.type}`);
    const second = { handleEvent: (event: Event) => seen.push(`second ${event.type}`) };
    element.addEventListener("wheel", first, { passive: false });
    element.dispatchEvent(new Event("wheel"));
    // What d3-selection's .on("wheel.zoom", next) does at every panZoom.update().
    element.removeEventListener("wheel", first);
    element.addEventListener("wheel", second, { passive: false });
    element.dispatchEvent(new Event("wheel"));
    expect(seen).toEqual(["first wheel", "second wheel"]);
    expect(element.registered).toBe(1);
  });

  it("passes other event types through, and undoes itself", () => {
    const element = target();
    const undo = relayWheelListeners(element as unknown as HTMLElement);
    let clicks = 0;
    element.addEventListener("click", () => clicks++);
    element.dispatchEvent(new Event("click"));
    expect(clicks).toBe(1);
    undo();
    expect(element.registered).toBe(0);
  });
});
