import { describe, expect, it } from "vitest";
import { createTokenBucket } from "./token-bucket.ts";

function bucketAt(capacity: number, refillPerSecond: number) {
  const clock = { now: 1_000_000 };
  const bucket = createTokenBucket({ capacity, refillPerSecond, now: () => clock.now });
  return { bucket, clock };
}

describe("token bucket", () => {
  it("allows a burst of `capacity` messages at once, then refuses", () => {
    const { bucket } = bucketAt(400, 100);
    for (let i = 0; i < 400; i++) expect(bucket.take()).toBe(true);
    expect(bucket.take()).toBe(false);
  });

  it("refills one token per 1/rate seconds", () => {
    const { bucket, clock } = bucketAt(2, 100);
    expect(bucket.take() && bucket.take()).toBe(true);
    clock.now += 9;
    expect(bucket.take()).toBe(false);
    clock.now += 1;
    expect(bucket.take()).toBe(true);
    expect(bucket.take()).toBe(false);
  });

  it("sustains exactly the rate forever, and refuses a faster one once the burst is spent", () => {
    const atRate = bucketAt(400, 100);
    for (let i = 0; i < 10_000; i++) {
      atRate.clock.now += 10;
      expect(atRate.bucket.take()).toBe(true);
    }
    const faster = bucketAt(400, 100);
    let accepted = 0;
    while (faster.bucket.take()) {
      faster.clock.now += 9; // ≈111 per second
      accepted++;
    }
    // Each message takes 1 token and refills 0.9: the 400 of burst last about 4,000 messages.
    expect(accepted).toBeGreaterThan(3_950);
    expect(accepted).toBeLessThan(4_050);
  });

  it("never holds more than `capacity` tokens, however long it was idle", () => {
    const { bucket, clock } = bucketAt(5, 100);
    clock.now += 3_600_000;
    for (let i = 0; i < 5; i++) expect(bucket.take()).toBe(true);
    expect(bucket.take()).toBe(false);
  });

  it("refills nothing when the clock steps back", () => {
    const { bucket, clock } = bucketAt(1, 100);
    expect(bucket.take()).toBe(true);
    clock.now -= 10_000;
    expect(bucket.take()).toBe(false);
  });
});
