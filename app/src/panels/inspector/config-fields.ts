import { nodeCatalogEntry } from "@nexus-flow/shared/catalog";
import type { CodeLanguage } from "../../ui/code-editor.tsx";

/**
 * The inspector's form for a node type, derived from the JSON Schema of its config schema
 * (written into the node catalog by `npm run gen:schema`), so a new node type gets a form
 * without inspector code. A few presentation hints (which strings are code, labels,
 * placeholders) live beside it.
 */
interface FieldBase {
  /** The config key; the field's issue path is `config.<key>`. */
  readonly key: string;
  readonly label: string;
  readonly required: boolean;
  readonly help?: string;
  readonly placeholder?: string;
}

export type FieldSpec =
  | (FieldBase & { readonly kind: "text"; readonly multiline: boolean; readonly minLength?: number })
  | (FieldBase & { readonly kind: "code"; readonly language: CodeLanguage; readonly maxLines: number })
  | (FieldBase & { readonly kind: "enum"; readonly options: readonly string[] })
  | (FieldBase & { readonly kind: "number"; readonly integer: boolean; readonly min?: number; readonly max?: number })
  | (FieldBase & { readonly kind: "boolean" })
  | (FieldBase & { readonly kind: "string-map" })
  | (FieldBase & { readonly kind: "json" });

type Hint = Partial<Pick<FieldBase, "label" | "help" | "placeholder">> & { code?: { maxLines: number }; multiline?: boolean };

const hints: Record<string, Record<string, Hint>> = {
  transform: { code: { label: "Code", code: { maxLines: 18 }, help: "A function body: `input` and `ctx` are in scope; return the output." } },
  condition: { expression: { label: "Expression", code: { maxLines: 4 }, help: "Truthy sends the input out on `true`, falsy on `false`." } },
  "http.request": {
    url: { label: "URL", placeholder: "https://api.example.com/items/{{ input.id }}", help: "`{{ expression }}` templates are filled in at run time." },
    body: { help: "JSON; strings may hold `{{ expression }}` templates." },
    timeoutMs: { label: "Request timeout (ms)", placeholder: "None" },
  },
  delay: { ms: { label: "Wait (ms)" } },
  approval: { message: { multiline: true, placeholder: "What should the approver check?" } },
  "db.query": {
    connection: { help: "A connection name from the runner's config (nexus-runner.json); the URL and password stay on the runner." },
    sql: { label: "SQL", multiline: true, placeholder: "SELECT * FROM orders WHERE id = $1", help: "Values go in params as $1, $2…, never into the SQL." },
    params: { help: "JSON array; strings may hold `{{ expression }}` templates." },
    timeoutMs: { label: "Statement timeout (ms)", placeholder: "None" },
  },
  "shell.exec": { args: { help: "JSON array of strings." }, timeoutMs: { placeholder: "The runner's limit" } },
  "docker.run": {
    image: { placeholder: "busybox:stable", help: "One of the images the runner's config allows (docker.allowedImages)." },
    command: { help: "JSON array of strings (exec form); empty: the image's own command." },
    stdin: { multiline: true, placeholder: "The input as JSON" },
    memoryMb: { label: "Memory (MB)", placeholder: "256" },
    network: { placeholder: "none" },
  },
  python: { code: { label: "Python", code: { maxLines: 18 }, help: "`input` (a dict) is in scope; set `output` or return a value." }, memoryMb: { label: "Memory (MB)", placeholder: "The runner's limit" } },
};

/** Strings with these names are code even without a hint. */
const codeKeys = new Set(["code", "expression", "script"]);

interface JsonSchema {
  type?: string;
  enum?: unknown[];
  properties?: Record<string, JsonSchema>;
  required?: string[];
  additionalProperties?: boolean | JsonSchema;
  minimum?: number;
  maximum?: number;
  minLength?: number;
  maxLength?: number;
  description?: string;
}

const cache = new Map<string, readonly FieldSpec[]>();

/** The form fields of a node type's config, in schema order. Unknown types have none. */
export function configFields(type: string): readonly FieldSpec[] {
  let fields = cache.get(type);
  if (!fields) {
    const schema = (nodeCatalogEntry(type)?.config ?? {}) as JsonSchema;
    fields = Object.entries(schema.properties ?? {}).map(([key, property]) => fieldOf(key, property, schema.required?.includes(key) ?? false, hints[type]?.[key] ?? {}));
    cache.set(type, fields);
  }
  return fields;
}

function fieldOf(key: string, schema: JsonSchema, required: boolean, hint: Hint): FieldSpec {
  const base: FieldBase = {
    key,
    label: hint.label ?? humanize(key),
    required,
    ...(hint.help ?? schema.description ? { help: hint.help ?? schema.description } : {}),
    ...(hint.placeholder ? { placeholder: hint.placeholder } : {}),
  };
  if (schema.type === "string" && schema.enum) return { ...base, kind: "enum", options: schema.enum.map(String) };
  if (schema.type === "string" && (hint.code || codeKeys.has(key))) return { ...base, kind: "code", language: "javascript", maxLines: hint.code?.maxLines ?? 12 };
  if (schema.type === "string") return { ...base, kind: "text", multiline: hint.multiline ?? false, ...(schema.minLength ? { minLength: schema.minLength } : {}) };
  if (schema.type === "integer" || schema.type === "number") {
    return { ...base, kind: "number", integer: schema.type === "integer", ...(schema.minimum !== undefined ? { min: schema.minimum } : {}), ...(schema.maximum !== undefined ? { max: schema.maximum } : {}) };
  }
  if (schema.type === "boolean") return { ...base, kind: "boolean" };
  if (schema.type === "object" && isStringSchema(schema.additionalProperties) && !schema.properties) return { ...base, kind: "string-map" };
  return { ...base, kind: "json" };
}

const isStringSchema = (schema: boolean | JsonSchema | undefined) => typeof schema === "object" && schema.type === "string" && !schema.enum;

/** `timeoutMs` → `Timeout (ms)`, `maxAttempts` → `Max attempts`. */
export function humanize(key: string): string {
  const unit = /Ms$/.test(key) ? " (ms)" : "";
  const words = key.replace(/Ms$/, "").replace(/([a-z0-9])([A-Z])/g, "$1 $2").toLowerCase();
  return (words.charAt(0).toUpperCase() + words.slice(1) || key) + unit;
}
