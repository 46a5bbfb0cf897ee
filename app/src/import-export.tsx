import { createSignal, type JSX } from "solid-js";
import type { FlowsRepo } from "./storage/flows-repo.ts";
import { toast } from "./ui/toast.tsx";
import { askAboutClash, ImportClashDialog } from "./import-clash.tsx";
import { describeError, EditsNotStored } from "./storage/early-docs.ts";

/**
 * Imports flow files chosen with the picker or dropped on the window. An invalid file is
 * refused with the validator's message and its path; nothing stored changes.
 */
export async function importFlowFiles(flows: FlowsRepo, files: Iterable<File>, open: (id: string, saved: Promise<void>) => void): Promise<void> {
  for (const file of files) {
    // The bytes, not `file.text()`: that would replace bytes that are not UTF-8 silently (SPEC rule F2).
    const result = await flows.parseImport(new Uint8Array(await file.arrayBuffer()));
    if (!result.ok) {
      const first = result.issues[0]!;
      const more = result.issues.length > 1 ? ` (and ${result.issues.length - 1} more)` : "";
      toast(`${file.name} was not imported: ${first.path ? `${first.path}: ` : ""}${first.message}${more}`, { kind: "error" });
      continue;
    }
    // A flow whose name or id exists already: replace it, or keep both.
    const clash = await flows.clashOf(result.value);
    const choice = clash ? await askAboutClash(file.name, clash.name) : "keep-both";
    if (choice === "cancel") continue;
    const imported = clash ? await flows.importFlow(result.value, choice === "replace" ? { replace: clash.id } : { keepBoth: true }) : await flows.importParsed(result.value);
    // Drawn while it is stored: a save that fails says so, and the flow it never stored closes.
    // For the address bar, stored means the flow's row is (edits that were not are told below).
    const stored = imported.saved.catch((error: unknown) => {
      if (!(error instanceof EditsNotStored)) throw error;
    });
    open(imported.id, stored);
    try {
      await imported.saved;
    } catch (error) {
      if (error instanceof EditsNotStored) toast(`${file.name} was imported, but ${error.message}. Make them again.`, { kind: "error" });
      else toast(`${file.name} could not be saved in this browser, so it was not imported: ${describeError(error)}`, { kind: "error" });
      continue;
    }
    toast(choice === "replace" ? `Replaced “${clash!.name}” with ${file.name}` : `Imported ${file.name}`, { kind: "success" });
  }
}

/** Saves a flow as `<id>.json`, the same format Import reads. */
export async function exportFlow(flows: FlowsRepo, id: string): Promise<void> {
  const result = await flows.exportText(id);
  if (!result.ok) return toast(`Fix the flow before exporting: ${result.issues[0]!.path}: ${result.issues[0]!.message}`, { kind: "error" });
  const link = document.createElement("a");
  link.href = URL.createObjectURL(new Blob([result.value], { type: "application/json" }));
  link.download = `${id}.json`;
  link.click();
  toast(`Exported as ${link.download}`, { kind: "success" });
  setTimeout(() => URL.revokeObjectURL(link.href), 1000);
}

/** The whole window accepts dropped flow files; a hidden input serves the Import buttons. */
export function ImportDropZone(props: { onFiles: (files: File[]) => void; children: JSX.Element }) {
  const [over, setOver] = createSignal(false);
  const hasFiles = (event: DragEvent) => event.dataTransfer?.types.includes("Files") ?? false;
  return (
    <div
      class="drop-zone"
      classList={{ "drop-zone-over": over() }}
      onDragOver={(event) => hasFiles(event) && (event.preventDefault(), setOver(true))}
      onDragLeave={() => setOver(false)}
      onDrop={(event) => {
        if (!hasFiles(event)) return;
        event.preventDefault();
        setOver(false);
        props.onFiles([...(event.dataTransfer?.files ?? [])]);
      }}
    >
      <input
        id="import-file"
        type="file"
        accept=".json,application/json"
        multiple
        hidden
        aria-label="Import flow file"
        onChange={(event) => {
          props.onFiles([...(event.currentTarget.files ?? [])]);
          event.currentTarget.value = "";
        }}
      />
      {props.children}
      <ImportClashDialog />
    </div>
  );
}
