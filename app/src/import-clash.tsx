import { createSignal, onMount, Show } from "solid-js";

/** What to do with an imported flow whose id or name is taken. */
export type ClashChoice = "replace" | "keep-both" | "cancel";

interface Question {
  readonly file: string;
  readonly existing: string;
  readonly answer: (choice: ClashChoice) => void;
}

const [question, setQuestion] = createSignal<Question>();

/** Asks whether an import replaces the flow it clashes with or is kept beside it. */
export function askAboutClash(file: string, existing: string): Promise<ClashChoice> {
  return new Promise((resolve) => setQuestion({ file, existing, answer: (choice) => (setQuestion(undefined), resolve(choice)) }));
}

/** The dialog for `askAboutClash`; mounted once with the import drop zone. */
export function ImportClashDialog() {
  return (
    <Show when={question()} keyed>
      {(asked) => {
        let dialog!: HTMLDialogElement;
        onMount(() => dialog.showModal());
        return (
          <dialog ref={dialog} class="dialog" aria-labelledby="import-clash-title" onCancel={(event) => (event.preventDefault(), asked.answer("cancel"))}>
            <header id="import-clash-title">“{asked.existing}” exists already</header>
            <div class="body">
              <p>{asked.file} holds a flow with the same name or id. Replace the one you have (its content becomes the file’s; Undo brings it back), or keep both (the import is saved as a copy with “(2)” in its name)?</p>
            </div>
            <footer>
              <button class="button" onClick={() => asked.answer("cancel")}>Cancel</button>
              <button class="button" onClick={() => asked.answer("replace")}>Replace</button>
              <button class="button button-primary" onClick={() => asked.answer("keep-both")}>Keep both</button>
            </footer>
          </dialog>
        );
      }}
    </Show>
  );
}
