import type { JsonValue } from "../json.ts";
import { dict } from "../dict.ts";

const templatePattern = /\{\{([\s\S]*?)\}\}/g;
const wholeTemplatePattern = /^\{\{([\s\S]*?)\}\}$/;

/**
 * Fills `{{ expression }}` placeholders. A string that is exactly one placeholder keeps the
 * expression's type (so a JSON body can embed an object); otherwise values are
 * interpolated as text, objects as JSON.
 * @example renderTemplate("/users/{{ input.id }}", (e) => 7) // "/users/7"
 */
export function renderTemplate(text: string, evaluate: (expression: string) => JsonValue): JsonValue {
  const whole = wholeTemplatePattern.exec(text);
  if (whole && !whole[1]!.includes("}}")) return evaluate(whole[1]!.trim());
  if (!text.includes("{{")) return text;
  return text.replace(templatePattern, (_match, expression: string) => asText(evaluate(expression.trim())));
}

/** Renders every string inside a JSON value (object keys stay literal). */
export function renderJsonTemplates(value: JsonValue, evaluate: (expression: string) => JsonValue): JsonValue {
  if (typeof value === "string") return renderTemplate(value, evaluate);
  if (Array.isArray(value)) return value.map((item) => renderJsonTemplates(item, evaluate));
  if (value !== null && typeof value === "object") {
    const rendered = dict<JsonValue>();
    for (const [key, item] of Object.entries(value)) rendered[key] = renderJsonTemplates(item, evaluate);
    return rendered;
  }
  return value;
}

function asText(value: JsonValue): string {
  if (typeof value === "string") return value;
  if (value === null) return "";
  return typeof value === "object" ? JSON.stringify(value) : String(value);
}
