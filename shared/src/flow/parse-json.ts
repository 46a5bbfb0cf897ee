import { parse, printParseErrorCode, type ParseError } from "jsonc-parser";

export type JsonParseResult = { ok: true; value: unknown } | { ok: false; message: string };

/**
 * Parses JSON text; on failure says what is wrong with line and column, which
 * `JSON.parse` does not do on every runtime.
 * @example parseJsonText('{"a":}') // { ok: false, message: "not valid JSON: value expected at line 1, column 6" }
 */
export function parseJsonText(text: string): JsonParseResult {
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
