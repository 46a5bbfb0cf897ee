import { createSignal, For, onCleanup, onMount, Show } from "solid-js";
import { isTypingTarget } from "./shortcuts.ts";
import { nodeActions, type ActionDeps, type EditorAction } from "./editor-actions.ts";
import { openCommandPalette } from "./command-palette.tsx";
import "./command-palette.css";

interface MenuState {
  readonly label: string;
  readonly items: readonly EditorAction[];
  readonly x: number;
  readonly y: number;
  /** Where focus goes back to when the menu closes without acting. */
  readonly returnTo: HTMLElement | null;
}

const [menu, setMenu] = createSignal<MenuState>();

/**
 * Right-click menus on nodes, edges and the canvas, with the same actions as the command
 * palette (editor-actions.ts). Shift+F10 or the Menu key opens the menu of the selection from
 * the keyboard. A WAI-ARIA menu: arrow keys move, Enter or Space acts, Escape closes.
 */
export function ContextMenus(props: { deps: ActionDeps }) {
  const { session } = props.deps;
  const canvasEl = () => document.querySelector<HTMLElement>(".canvas");

  const edgeItems = (edgeId: string): EditorAction[] => [
    { id: "edge:delete", label: "Delete connection", group: "Edit", shortcut: "Delete", unavailable: () => (session.readOnly() ? "This flow is read-only here." : undefined), run: () => (session.selection.select({ edges: [edgeId] }), props.deps.canvas()?.commands.delete()) },
  ];
  const canvasItems = (x: number, y: number): EditorAction[] => {
    const commands = () => props.deps.canvas()?.commands;
    const editable = () => (session.readOnly() ? "This flow is read-only here." : undefined);
    return [
      { id: "canvas:add", label: "Add node…", group: "Add node", unavailable: editable, run: () => openCommandPalette({ only: "add", at: { x, y } }) },
      { id: "canvas:paste", label: "Paste", group: "Edit", shortcut: "Ctrl+V", unavailable: editable, run: () => commands()?.paste() },
      { id: "canvas:select-all", label: "Select all", group: "Edit", shortcut: "Ctrl+A", unavailable: () => undefined, run: () => commands()?.selectAll() },
      { id: "canvas:layout", label: "Auto-layout", group: "Flow", unavailable: editable, run: () => props.deps.canvas()?.autoLayout() },
      { id: "canvas:fit", label: "Fit the flow in view", group: "View", shortcut: "Shift+1", unavailable: () => undefined, run: () => commands()?.fitView() },
    ];
  };

  function openFor(target: Element, x: number, y: number): void {
    const returnTo = document.activeElement instanceof HTMLElement ? document.activeElement : canvasEl();
    const nodeId = target.closest<HTMLElement>("[data-node-id]")?.dataset.nodeId;
    if (nodeId !== undefined) {
      if (!session.selection.nodes().has(nodeId)) session.selection.select({ nodes: [nodeId] });
      return void setMenu({ label: `Node: ${session.nameOf(nodeId)}`, items: nodeActions(props.deps, nodeId), x, y, returnTo });
    }
    const edgeId = target.closest<Element>("[data-edge-id]")?.getAttribute("data-edge-id");
    if (edgeId) {
      session.selection.select({ edges: [edgeId] });
      return void setMenu({ label: "Connection", items: edgeItems(edgeId), x, y, returnTo });
    }
    setMenu({ label: "Canvas", items: canvasItems(x, y), x, y, returnTo });
  }

  const onContextMenu = (event: MouseEvent) => {
    const target = event.target as Element | null;
    if (!target?.closest(".canvas") || isTypingTarget(target) || target.closest(".canvas-controls, .minimap")) return;
    event.preventDefault();
    openFor(target, event.clientX, event.clientY);
  };

  /** Shift+F10 or the Menu key: the menu of the selected node (or edge), else of the canvas. */
  const onKeyDown = (event: KeyboardEvent) => {
    const asked = event.key === "ContextMenu" || (event.key === "F10" && event.shiftKey);
    if (!asked || isTypingTarget(event.target) || document.querySelector("dialog[open]") || menu()) return;
    const canvas = canvasEl();
    if (!canvas || !(event.target instanceof Node) || !(canvas.contains(event.target) || event.target === document.body)) return;
    event.preventDefault();
    const nodes = [...session.selection.nodes()];
    const edges = [...session.selection.edges()];
    const element = nodes.length === 1 ? canvas.querySelector(`[data-node-id="${CSS.escape(nodes[0]!)}"]`) : edges.length === 1 && nodes.length === 0 ? canvas.querySelector(`[data-edge-id="${CSS.escape(edges[0]!)}"] .edge-hit`) : null;
    const box = (element ?? canvas).getBoundingClientRect();
    openFor(element ?? canvas, element ? box.left + box.width / 2 : box.left + box.width / 2, element ? box.bottom : box.top + box.height / 2);
  };

  document.addEventListener("contextmenu", onContextMenu);
  document.addEventListener("keydown", onKeyDown);
  onCleanup(() => (document.removeEventListener("contextmenu", onContextMenu), document.removeEventListener("keydown", onKeyDown)));
  return <Show when={menu()}>{(current) => <Menu state={current()} onClose={() => setMenu(undefined)} />}</Show>;
}

function Menu(props: { state: MenuState; onClose: () => void }) {
  // Read once: after `onClose` the <Show> around this menu is gone and its props are stale.
  const state = props.state;
  const onClose = props.onClose;
  let element!: HTMLDivElement;
  const items = () => [...element.querySelectorAll<HTMLElement>("[role=menuitem]")];
  const focusAt = (index: number) => {
    const list = items();
    list[(index + list.length) % list.length]?.focus();
  };
  const close = (restoreFocus: boolean) => {
    onClose();
    if (restoreFocus) state.returnTo?.focus({ preventScroll: true });
  };
  const act = (item: EditorAction) => {
    if (item.unavailable()) return;
    close(true);
    queueMicrotask(() => item.run());
  };

  onMount(() => {
    // Kept inside the window: a menu opened near the right or bottom edge opens leftward or upward.
    const box = element.getBoundingClientRect();
    element.style.left = `${Math.max(4, Math.min(state.x, window.innerWidth - box.width - 4))}px`;
    element.style.top = `${Math.max(4, Math.min(state.y, window.innerHeight - box.height - 4))}px`;
    focusAt(0);
    const onPointerDown = (event: PointerEvent) => !element.contains(event.target as Node) && close(false);
    const onBlur = () => close(false);
    document.addEventListener("pointerdown", onPointerDown, true);
    window.addEventListener("blur", onBlur);
    onCleanup(() => (document.removeEventListener("pointerdown", onPointerDown, true), window.removeEventListener("blur", onBlur)));
  });

  function onKeyDown(event: KeyboardEvent) {
    const index = items().indexOf(document.activeElement as HTMLElement);
    if (event.key === "Tab") return close(false);
    // Every other key stays in the menu (a native listener, before the document's): the
    // canvas's shortcuts (Delete, Escape) must not act behind it.
    event.preventDefault();
    event.stopPropagation();
    if (event.key === "ArrowDown") focusAt(index + 1);
    else if (event.key === "ArrowUp") focusAt(index - 1);
    else if (event.key === "Home") focusAt(0);
    else if (event.key === "End") focusAt(-1);
    else if (event.key === "Escape") close(true);
    else if (event.key === "Enter" || event.key === " ") (event.target as HTMLElement).click();
  }

  return (
    <div ref={element} class="context-menu" role="menu" aria-label={state.label} style={{ left: `${state.x}px`, top: `${state.y}px` }} on:keydown={onKeyDown} onContextMenu={(event) => event.preventDefault()}>
      <For each={state.items}>
        {(item) => (
          <div role="menuitem" tabindex="-1" class="context-menu-item" aria-disabled={item.unavailable() ? "true" : undefined} title={item.unavailable()} onClick={() => act(item)}>
            <span class="command-label">{item.label}</span>
            <Show when={item.shortcut}>{(keys) => <kbd class="command-keys">{keys()}</kbd>}</Show>
          </div>
        )}
      </For>
    </div>
  );
}
