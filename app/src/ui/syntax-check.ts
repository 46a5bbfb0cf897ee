import { createEffect, createSignal, onCleanup, type Accessor } from "solid-js";

/** How the sandbox wraps the code: a function body (transform) or an expression (condition). */
export type CodeKind = "function" | "expression";
export interface SyntaxProblem {
  readonly message: string;
  readonly line: number;
  readonly column: number;
}
export interface SyntaxRequest {
  readonly id: number;
  readonly kind: CodeKind;
  readonly source: string;
}
export interface SyntaxReply {
  readonly id: number;
  readonly problem?: SyntaxProblem;
}

let worker: Worker | undefined;
let nextId = 0;
const waiting = new Map<number, (problem: SyntaxProblem | undefined) => void>();

/** One checker worker for the page, started on first use (it loads QuickJS, ~0.5 MB, cached). */
function checker(): Worker {
  if (worker) return worker;
  worker = new Worker(new URL("./syntax-worker.ts", import.meta.url), { type: "module", name: "nexus-syntax" });
  worker.onmessage = (event: MessageEvent<SyntaxReply>) => {
    waiting.get(event.data.id)?.(event.data.problem);
    waiting.delete(event.data.id);
  };
  return worker;
}

/** @example await checkSyntax("function", "return input.x +;") // { message: "unexpected token…", line: 1, column: 17 } */
export function checkSyntax(kind: CodeKind, source: string): Promise<SyntaxProblem | undefined> {
  const id = nextId++;
  return new Promise((resolve) => {
    waiting.set(id, resolve);
    checker().postMessage({ id, kind, source } satisfies SyntaxRequest);
  });
}

/**
 * The syntax problem of code as it is typed, as words for under the field ("Syntax error at
 * line 2:17: unexpected token…"): checked `delayMs` after the last change, and only the
 * latest check's answer is shown.
 */
export function createSyntaxCheck(source: Accessor<string | undefined>, kind: CodeKind, delayMs = 150): Accessor<string | undefined> {
  const [problem, setProblem] = createSignal<string>();
  let timer: ReturnType<typeof setTimeout> | undefined;
  let latest = 0;
  createEffect(() => {
    const text = source();
    clearTimeout(timer);
    if (!text?.trim()) return setProblem(undefined);
    timer = setTimeout(() => {
      const ticket = ++latest;
      void checkSyntax(kind, text).then((found) => ticket === latest && setProblem(found && `Syntax error at line ${found.line}:${found.column}: ${found.message}`));
    }, delayMs);
  });
  onCleanup(() => clearTimeout(timer));
  return problem;
}
