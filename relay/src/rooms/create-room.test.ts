import { describe, expect, it } from "vitest";
import { readKeys } from "./create-room.ts";

const editKey = "E".repeat(43);
const viewKey = "V".repeat(43);

describe("readKeys: the body of a room creation", () => {
  it("returns both keys", () => {
    expect(readKeys(JSON.stringify({ editKey, viewKey }))).toEqual({ editKey, viewKey });
  });

  const bad: Array<[string, string, RegExp]> = [
    ["a body that is not JSON", "{", /body must be JSON/],
    ["a JSON array", "[]", /JSON object/],
    ["a missing viewKey", JSON.stringify({ editKey }), /viewKey must be a base64url string/],
    ["a key that is too short", JSON.stringify({ editKey: "abc", viewKey }), /editKey must be a base64url string of 22-128/],
    ["a key with characters outside base64url", JSON.stringify({ editKey: `${editKey}+/`, viewKey }), /editKey must be/],
    ["the same key twice", JSON.stringify({ editKey, viewKey: editKey }), /must differ/],
    ["a huge body", JSON.stringify({ editKey, viewKey, pad: "x".repeat(2000) }), /at most 1024 bytes/],
  ];
  it.each(bad)("refuses %s with a message", (_name, body, error) => {
    expect(readKeys(body)).toEqual({ error: expect.stringMatching(error) });
  });
});
