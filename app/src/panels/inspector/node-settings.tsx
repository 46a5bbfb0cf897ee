import { Show } from "solid-js";
import { retryDefaults, type FlowIssue, type FlowNode, type RetryPolicy } from "@nexus-flow/shared";
import type { EditorSession } from "../../editor/editor-session.ts";
import { setNodeField } from "../../flow-doc/index.ts";
import { NumberControl, SelectControl } from "./controls.tsx";
import { Field } from "./field.tsx";
import { commitEdit, fieldId } from "./edit.ts";

/** Issue paths of the fields below, for placing validation errors. */
export const nodeSettingPaths = ["label", "timeoutMs", "onError", "retry.maxAttempts", "retry.initialDelayMs", "retry.factor", "retry.maxDelayMs"] as const;

export interface NodeSettingsProps {
  readonly session: EditorSession;
  readonly node: FlowNode;
  readonly issuesAt: (path: string) => readonly FlowIssue[] | undefined;
  readonly readOnly: boolean;
}

type RetryKey = keyof RetryPolicy;

/** Retries, per-attempt timeout and what a final failure does (SPEC rules R1–R3, E1–E2). */
export function NodeSettings(props: NodeSettingsProps) {
  const id = () => props.node.id;
  const write = (field: "retry" | "timeoutMs" | "onError", value: unknown) => commitEdit(props.session, () => setNodeField(props.session.doc, id(), field, value));
  const setRetry = (key: RetryKey, value: number | undefined) => {
    // No attempts means no retry policy at all; the other fields only refine one.
    if (key === "maxAttempts" && value === undefined) return write("retry", undefined);
    const next: Record<string, number | undefined> = { ...props.node.retry, [key]: value };
    for (const name of Object.keys(next)) if (next[name] === undefined) delete next[name];
    write("retry", Object.keys(next).length ? next : undefined);
  };
  const number = (path: string, label: string, value: () => number | undefined, commit: (value: number | undefined) => void, extra: { min?: number; max?: number; integer?: boolean; placeholder?: string; help?: string } = {}) => {
    const controlId = fieldId(id(), path);
    const issues = () => props.issuesAt(path);
    return (
      <Field id={controlId} label={label} path={path} issues={issues()} help={extra.help}>
        <NumberControl id={controlId} label={label} value={value} commit={commit} readOnly={props.readOnly} invalid={(issues()?.length ?? 0) > 0} integer={extra.integer ?? true} min={extra.min} max={extra.max} placeholder={extra.placeholder} />
      </Field>
    );
  };
  const retry = (key: RetryKey) => () => props.node.retry?.[key];

  return (
    <>
      {number("retry.maxAttempts", "Attempts", retry("maxAttempts"), (value) => setRetry("maxAttempts", value), { min: 1, max: 100, placeholder: "1 (no retries)", help: "Retryable failures (network, 5xx, timeouts) are tried again, up to this many attempts." })}
      <Show when={props.node.retry}>
        <div class="field-row">
          {number("retry.initialDelayMs", "First delay (ms)", retry("initialDelayMs"), (value) => setRetry("initialDelayMs", value), { min: 0, placeholder: String(retryDefaults.initialDelayMs) })}
          {number("retry.factor", "Backoff factor", retry("factor"), (value) => setRetry("factor", value), { min: 1, max: 10, integer: false, placeholder: String(retryDefaults.factor) })}
        </div>
        {number("retry.maxDelayMs", "Longest delay (ms)", retry("maxDelayMs"), (value) => setRetry("maxDelayMs", value), { min: 0, placeholder: String(retryDefaults.maxDelayMs) })}
      </Show>
      {number("timeoutMs", "Timeout per attempt (ms)", () => props.node.timeoutMs, (value) => write("timeoutMs", value), { min: 1, placeholder: "None" })}
      <Field id={fieldId(id(), "onError")} label="When it fails" path="onError" issues={props.issuesAt("onError")}>
        <SelectControl
          id={fieldId(id(), "onError")}
          label="When it fails"
          value={() => props.node.onError ?? "fail"}
          commit={(value) => write("onError", value === "continue" ? value : undefined)}
          readOnly={props.readOnly}
          invalid={(props.issuesAt("onError")?.length ?? 0) > 0}
          options={["fail", "continue"]}
          required
          optionLabel={(option) => (option === "fail" ? "Stop the run" : "Continue, with the error as output")}
        />
      </Field>
    </>
  );
}
