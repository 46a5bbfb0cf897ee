import { describe, expect, it } from "vitest";
import { closeCodes } from "@nexus-flow/shared/collab";
import { admit, constantTimeEqual, createAccess, hashKey } from "./access.ts";

const roomId = "room_0123456789abcdef";
const editKey = "E".repeat(43);
const viewKey = "V".repeat(43);

describe("keys", () => {
  it("hashes with SHA-256, as lowercase hex", async () => {
    expect(await hashKey("abc")).toBe("ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
  });

  it("compares strings of equal and unequal length", () => {
    expect(constantTimeEqual("abc", "abc")).toBe(true);
    expect(constantTimeEqual("abc", "abd")).toBe(false);
    expect(constantTimeEqual("abc", "abcd")).toBe(false);
    expect(constantTimeEqual("", "")).toBe(true);
  });

  it("keeps only hashes in the access record", async () => {
    const access = await createAccess(editKey, viewKey, 1);
    expect(JSON.stringify(access)).not.toContain(editKey);
    expect(JSON.stringify(access)).not.toContain(viewKey);
    expect(access.editKeyHash).toBe(await hashKey(editKey));
  });
});

describe("admit", () => {
  it("gives the edit key the edit role and the view key the view role", async () => {
    const access = await createAccess(editKey, viewKey, 1);
    expect(await admit(roomId, access, editKey)).toEqual({ admitted: true, role: "edit" });
    expect(await admit(roomId, access, viewKey)).toEqual({ admitted: true, role: "view" });
  });

  it("refuses an unknown room, a missing key, a wrong key and a bad room id, each with its code", async () => {
    const access = await createAccess(editKey, viewKey, 1);
    expect(await admit(roomId, null, editKey)).toMatchObject({ admitted: false, code: closeCodes.unknownRoom, reason: expect.stringMatching(/unknown room/) });
    expect(await admit(roomId, access, null)).toMatchObject({ admitted: false, code: closeCodes.wrongKey, reason: expect.stringMatching(/missing key/) });
    expect(await admit(roomId, access, "W".repeat(43))).toMatchObject({ admitted: false, code: closeCodes.wrongKey, reason: "wrong key for this room" });
    expect(await admit(roomId, access, "short")).toMatchObject({ admitted: false, code: closeCodes.wrongKey });
    expect(await admit("no", access, editKey)).toMatchObject({ admitted: false, code: closeCodes.badRequest });
  });
});
