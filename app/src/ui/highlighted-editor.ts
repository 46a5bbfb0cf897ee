/**
 * The code editor behind `code-editor.tsx`: prism-code-editor (a textarea under Prism's
 * highlighting, about a tenth of CodeMirror's size, which matters because the service worker
 * precaches every chunk for every user). Only `code-editor.tsx` imports this, with a dynamic
 * `import()`, so it stays out of the initial bundle.
 */
import { createEditor, type PrismEditor } from "prism-code-editor";
import { defaultKeymap, editHistory, editorCommands, setIgnoreTab } from "prism-code-editor/commands";
import { matchBrackets } from "prism-code-editor/match-brackets";
import { highlightBracketPairs } from "prism-code-editor/highlight-brackets";
import { insertText } from "prism-code-editor/utils";
import "prism-code-editor/prism/languages/javascript";
import "prism-code-editor/prism/languages/json";
import "prism-code-editor/languages/clike";
import "prism-code-editor/languages/json";
import "prism-code-editor/layout.css";
import "./highlighted-editor.css";
import { minimalChange } from "./minimal-change.ts";

export type CodeLanguage = "javascript" | "json";

// Tab moves focus on, as everywhere else in the form: no keyboard trap (Ctrl+] indents).
setIgnoreTab(true);

export interface EditorOptions {
  readonly value: string;
  readonly language: CodeLanguage;
  readonly label: string;
  readonly readOnly: boolean;
  readonly placeholder?: string | undefined;
  /** Focus the editor with the cursor at this offset (it replaces a focused stand-in). */
  readonly focusAt?: number | undefined;
  readonly onInput: (value: string) => void;
  readonly onBlur: () => void;
}

export interface EditorHandle {
  /** Replaces the text when it differs, changing only the part that differs (the cursor stays). */
  setValue(text: string): void;
  setReadOnly(readOnly: boolean): void;
  setAttributes(attributes: { id?: string | undefined; invalid: boolean; describedBy?: string | undefined }): void;
  destroy(): void;
}

export function mountEditor(parent: HTMLElement, options: EditorOptions): EditorHandle {
  // Changes applied from outside (the doc) must not be echoed back as input.
  let applyingExternal = false;
  const editor: PrismEditor = createEditor(
    parent,
    {
      language: options.language,
      value: options.value,
      readOnly: options.readOnly,
      lineNumbers: true,
      wordWrap: true,
      tabSize: 2,
      onUpdate: (value) => applyingExternal || options.onInput(value),
    },
    editHistory(),
    editorCommands(defaultKeymap, []), // no self-closing brackets: what you type is what you get
    matchBrackets(),
    highlightBracketPairs(),
  );
  const textarea = editor.textarea;
  textarea.setAttribute("aria-label", options.label);
  textarea.spellcheck = false;
  if (options.placeholder) textarea.placeholder = options.placeholder;
  textarea.addEventListener("blur", () => options.onBlur());
  if (options.focusAt !== undefined) {
    textarea.focus();
    textarea.setSelectionRange(options.focusAt, options.focusAt);
  }

  return {
    setValue(text) {
      if (editor.value === text) return;
      const change = minimalChange(editor.value, text);
      applyingExternal = true;
      try {
        insertText(editor, change.insert, change.from, change.to);
      } finally {
        applyingExternal = false;
      }
    },
    setReadOnly: (readOnly) => editor.setOptions({ readOnly }),
    setAttributes({ id, invalid, describedBy }) {
      toggleAttribute(textarea, "id", id);
      toggleAttribute(textarea, "aria-invalid", invalid ? "true" : undefined);
      toggleAttribute(textarea, "aria-describedby", describedBy);
    },
    destroy: () => editor.remove(),
  };
}

function toggleAttribute(element: HTMLElement, name: string, value: string | undefined): void {
  if (value === undefined) element.removeAttribute(name);
  else element.setAttribute(name, value);
}
