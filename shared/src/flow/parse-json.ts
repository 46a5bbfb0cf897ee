import { parse, printParseErrorCode, type ParseError } from "jsonc-parser";
import { decodeUtf8 } from "./decode-utf8.ts";

export type JsonParseResult = { ok: true; value: unknown } | { ok: false; message: string };

/**
 * Parses JSON text, or a file's bytes (which must be UTF-8); on failure says what is wrong with
 * line and column, which `JSON.parse` does not do on every runtime. A leading byte-order mark
 * is accepted.
 * @example parseJsonText('{"a":}') // { ok: false, message: "not valid JSON: value expected at line 1, column 6" }
 */
export function parseJsonText(input: string | Uint8Array): JsonParseResult {
  let text: string;
  if (typeof input === "string") text = input;
  else {
    const decoded = decodeUtf8(input);
    if (!decoded.ok) return decoded;
    text = decoded.text;
  }
  if (text.charCodeAt(0) === 0xfeff) text = text.slice(1);
  try {
    return { ok: true, value: JSON.parse(text) };
  } catch {
    return { ok: false, message: describeJsonError(text) };
  }
}

function describeJsonError(text: string): string {
  if (text.trim() === "") return "not valid JSON: the file is empty";
  const errors: ParseError[] = [];
  parse(text, errors, { disallowComments: true, allowTrailingComma: false, allowEmptyContent: false });
  const first = errors[0];
  if (!first) return "not valid JSON";
  const { line, column } = lineAndColumn(text, first.offset);
  return `not valid JSON: ${explain(printParseErrorCode(first.error))} at line ${line}, column ${column}`;
}

function explain(code: string): string {
  return code.replace(/([a-z])([A-Z])/g, "$1 $2").toLowerCase();
}

function lineAndColumn(text: string, offset: number): { line: number; column: number } {
  let line = 1;
  let lineStart = 0;
  for (let i = 0; i < offset && i < text.length; i++) {
    if (text.charCodeAt(i) === 10) {
      line++;
      lineStart = i + 1;
    }
  }
  return { line, column: offset - lineStart + 1 };
}
