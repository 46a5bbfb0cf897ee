import { describe, expect, it } from "vitest";
import { configFields, humanize } from "./config-fields.ts";

const kinds = (type: string) => Object.fromEntries(configFields(type).map((field) => [field.key, field.kind]));

describe("configFields (derived from each node type's config schema)", () => {
  it("picks a control per schema shape", () => {
    expect(kinds("http.request")).toEqual({ method: "enum", url: "text", headers: "string-map", body: "json", timeoutMs: "number" });
    expect(kinds("transform")).toEqual({ code: "code" });
    expect(kinds("condition")).toEqual({ expression: "code" });
    expect(kinds("merge")).toEqual({ mode: "enum" });
    expect(kinds("approval")).toEqual({ message: "text" });
    expect(kinds("noop")).toEqual({});
    expect(kinds("no.such.type")).toEqual({});
  });

  it("carries what the schema says: required, enum options, number bounds", () => {
    const [method, url, , , timeout] = configFields("http.request");
    expect(method).toMatchObject({ kind: "enum", required: false, options: ["GET", "POST", "PUT", "PATCH", "DELETE", "HEAD", "OPTIONS"] });
    expect(url).toMatchObject({ kind: "text", required: true, label: "URL", multiline: false });
    expect(timeout).toMatchObject({ kind: "number", integer: true, min: 1, max: 3_600_000, required: false });
    expect(configFields("delay")[0]).toMatchObject({ kind: "number", integer: true, min: 0, required: true });
    expect(configFields("approval")[0]).toMatchObject({ kind: "text", multiline: true });
  });

  it("gives the runner nodes forms: db.query, shell.exec, python", () => {
    expect(kinds("db.query")).toEqual({ connection: "text", sql: "text", params: "json", mode: "enum", maxRows: "number", timeoutMs: "number" });
    expect(kinds("shell.exec")).toEqual({ command: "text", args: "json", env: "string-map", output: "enum", timeoutMs: "number" });
    expect(kinds("python")).toEqual({ code: "code", timeoutMs: "number", memoryMb: "number" });
    expect(configFields("db.query")[1]).toMatchObject({ key: "sql", label: "SQL", multiline: true, required: true });
    expect(configFields("db.query")[3]).toMatchObject({ key: "mode", options: ["rows", "execute"], required: false });
  });

  it("names fields for people", () => {
    expect(humanize("timeoutMs")).toBe("Timeout (ms)");
    expect(humanize("maxAttempts")).toBe("Max attempts");
    expect(humanize("url")).toBe("Url");
  });
});
