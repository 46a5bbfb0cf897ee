import { afterEach, describe, expect, it, vi } from "vitest";
import { systemClock } from "./system-clock.ts";

afterEach(() => vi.useRealTimers());

describe("systemClock", () => {
  it("sleeps past setTimeout's 24.8-day limit instead of waking at once", async () => {
    vi.useFakeTimers();
    let woke = false;
    void systemClock.sleep(30 * 86_400_000, new AbortController().signal).then(() => (woke = true));
    await vi.advanceTimersByTimeAsync(2 ** 31 - 1);
    expect(woke).toBe(false);
    await vi.advanceTimersByTimeAsync(30 * 86_400_000 - (2 ** 31 - 1));
    expect(woke).toBe(true);
  });

  it("rejects with the signal's reason when aborted", async () => {
    const controller = new AbortController();
    const sleeping = systemClock.sleep(60_000, controller.signal);
    controller.abort(new Error("stop"));
    await expect(sleeping).rejects.toThrow("stop");
  });
});
