import { describe, expect, it } from "vitest";
import { closeReason } from "./guard-connection.ts";

describe("closeReason", () => {
  it("keeps a short reason as it is", () => {
    expect(closeReason("wrong key for this room")).toBe("wrong key for this room");
  });

  it("trims a long reason to the 123 bytes a close frame carries, multi-byte characters included", () => {
    for (const reason of ["x".repeat(200), "é".repeat(100), `${"x".repeat(119)}ééé`]) {
      const trimmed = closeReason(reason);
      expect(new TextEncoder().encode(trimmed).byteLength).toBeLessThanOrEqual(123);
      expect(trimmed.endsWith("…")).toBe(true);
    }
  });
});
