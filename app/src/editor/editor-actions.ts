import { ownValue } from "@nexus-flow/shared";
import { nodeCatalog } from "@nexus-flow/shared/catalog";
import { nodeVisual } from "../ui/node-visuals.ts";
import { setNodeField } from "../flow-doc/index.ts";
import type { CanvasApi } from "../canvas/canvas.tsx";
import type { RunSession } from "../runs/run-session.ts";
import type { EditorSession } from "./editor-session.ts";
import { showShortcutHelp } from "./shortcut-help.tsx";
import { pinFromRecord } from "./pins.ts";
import { portsOf } from "../canvas/node-geometry.ts";

/**
 * Every action the editor offers, named once: the command palette (Ctrl+K) lists them and the
 * right-click menus pick from them, so a menu item and a palette entry never disagree about
 * what an action is called, when it is available or what it does.
 */
export interface EditorAction {
  readonly id: string;
  readonly label: string;
  readonly group: "Flow" | "Edit" | "View" | "Node" | "Add node";
  /** The key that does the same, shown beside the name. */
  readonly shortcut?: string;
  /** More words the palette's filter matches (a node type's id and description). */
  readonly keywords?: string;
  /** Why it is unavailable now, or undefined when it can run. */
  readonly unavailable: () => string | undefined;
  run(): void;
}

/** What the actions act through: the editor view hands these in. */
export interface ActionDeps {
  readonly session: EditorSession;
  readonly runs: RunSession;
  readonly canvas: () => CanvasApi | undefined;
  /** Adds a node of `type` as the palette does (right of the selection, connected). */
  addNode(type: string): void;
  run(): void;
  publish(): void;
  exportFlow(): void;
  importFlow(): void;
  share(): void;
  versions(): void;
}

const readOnlyReason = "This flow is read-only here.";

/** The flow-wide actions and one "Add <type>" per node type. */
export function flowActions(deps: ActionDeps): EditorAction[] {
  const { session, runs } = deps;
  const editable = () => (session.readOnly() ? readOnlyReason : undefined);
  const commands = () => deps.canvas()?.commands;
  const selectionEmpty = () => (session.selection.nodes().size === 0 ? "Select a node first." : undefined);
  const action = (id: string, label: string, group: EditorAction["group"], run: () => void, unavailable: () => string | undefined = () => undefined, shortcut?: string): EditorAction => ({ id, label, group, run, unavailable, ...(shortcut ? { shortcut } : {}) });
  return [
    action("run", "Run the flow", "Flow", deps.run, () => (session.viewer() ? "Viewers cannot start runs." : runs.running() ? "A run is going on." : undefined), "Ctrl+Enter"),
    action("cancel", "Cancel the run", "Flow", () => runs.cancel(), () => (runs.running() ? undefined : "No run is going on.")),
    action("layout", "Auto-layout", "Flow", () => deps.canvas()?.autoLayout(), editable),
    action("publish", "Publish a version", "Flow", deps.publish),
    action("versions", "Versions", "Flow", deps.versions),
    action("export", "Export the flow file", "Flow", deps.exportFlow),
    action("import", "Import a flow file", "Flow", deps.importFlow),
    action("share", "Share", "Flow", deps.share),
    action("undo", "Undo", "Edit", () => session.undo.undo(), () => editable() ?? (session.undo.canUndo() ? undefined : "Nothing to undo."), "Ctrl+Z"),
    action("redo", "Redo", "Edit", () => session.undo.redo(), () => editable() ?? (session.undo.canRedo() ? undefined : "Nothing to redo."), "Ctrl+Shift+Z"),
    action("select-all", "Select all", "Edit", () => commands()?.selectAll(), undefined, "Ctrl+A"),
    action("copy", "Copy", "Edit", () => commands()?.copy(), selectionEmpty, "Ctrl+C"),
    action("paste", "Paste", "Edit", () => commands()?.paste(), editable, "Ctrl+V"),
    action("duplicate", "Duplicate", "Edit", () => commands()?.duplicate(), () => editable() ?? selectionEmpty(), "Ctrl+D"),
    action("delete", "Delete the selection", "Edit", () => commands()?.delete(), () => editable() ?? (session.selection.nodes().size + session.selection.edges().size ? undefined : "Nothing is selected."), "Delete"),
    action("zoom-in", "Zoom in", "View", () => commands()?.zoomIn(), undefined, "+"),
    action("zoom-out", "Zoom out", "View", () => commands()?.zoomOut(), undefined, "−"),
    action("zoom-reset", "Zoom to 100 %", "View", () => commands()?.zoomReset(), undefined, "0"),
    action("fit", "Fit the flow in view", "View", () => commands()?.fitView(), undefined, "Shift+1"),
    action("shortcuts", "Keyboard shortcuts", "View", showShortcutHelp, undefined, "?"),
    ...nodeCatalog.map((entry): EditorAction => {
      const visual = nodeVisual(entry.type);
      return { id: `add:${entry.type}`, label: `Add ${visual.title}`, group: "Add node", keywords: `${entry.type} ${visual.description}`, unavailable: editable, run: () => deps.addNode(entry.type) };
    }),
  ];
}

/**
 * What can be done to one node (or, for disable, every selected node with it): the node's
 * right-click menu, and the palette's "Node" group for the selected node (the labels leave
 * the node's name out: the menu and the group heading say which node).
 */
export function nodeActions(deps: ActionDeps, nodeId: string): EditorAction[] {
  const { session, runs } = deps;
  const editable = () => (session.readOnly() ? readOnlyReason : undefined);
  const node = () => session.view.nodes[nodeId];
  const targets = () => (session.selection.nodes().has(nodeId) ? [...session.selection.nodes()] : [nodeId]);
  // The output of the run shown, with the branch it went out on (a pin keeps it: rule N1).
  const recorded = () => pinFromRecord(runs.shown() ? ownValue(runs.shown()!.nodes, nodeId) : undefined, portsOf(node()?.type ?? "").outputs);
  const runnable = () => editable() ?? (session.viewer() ? "Viewers cannot start runs." : runs.running() ? "A run is going on." : undefined);
  const disabled = () => !!node()?.disabled;
  const pinned = () => session.pins.has(nodeId);
  return [
    { id: "node:rename", label: "Rename", group: "Node", shortcut: "F2", unavailable: editable, run: () => session.setRenaming(nodeId) },
    { id: "node:duplicate", label: "Duplicate", group: "Node", shortcut: "Ctrl+D", unavailable: editable, run: () => (session.selection.nodes().has(nodeId) || session.selection.select({ nodes: [nodeId] }), deps.canvas()?.commands.duplicate()) },
    {
      id: "node:toggle-disabled",
      label: disabled() ? "Enable" : "Disable",
      group: "Node",
      unavailable: editable,
      run: () => {
        session.undo.stopCapturing();
        const next = !disabled();
        session.doc.transact(() => targets().forEach((id) => setNodeField(session.doc, id, "disabled", next || undefined)));
      },
    },
    { id: "node:run", label: "Run this node", group: "Node", unavailable: runnable, run: () => void runs.runNode(nodeId) },
    { id: "node:rerun", label: "Re-run from here", group: "Node", unavailable: () => runnable() ?? (runs.shown() ? undefined : "Open a run first."), run: () => void runs.rerunFrom(nodeId) },
    pinned()
      ? { id: "node:unpin", label: "Unpin data", group: "Node", unavailable: editable, run: () => (session.undo.stopCapturing(), session.pins.set(nodeId, undefined)) }
      : { id: "node:pin", label: "Pin output", group: "Node", unavailable: () => editable() ?? (recorded() === undefined ? "No output of this node in the run shown." : undefined), run: () => (session.undo.stopCapturing(), session.pins.set(nodeId, recorded()!.value, recorded()!.port)) },
    { id: "node:delete", label: "Delete", group: "Node", shortcut: "Delete", unavailable: editable, run: () => (session.selection.nodes().has(nodeId) || session.selection.select({ nodes: [nodeId] }), deps.canvas()?.commands.delete()) },
  ];
}
