import { createMemo, For, onCleanup, onMount, Show } from "solid-js";
import type { NodeStatus } from "@nexus-flow/shared";
import { nodeVisual } from "../ui/node-visuals.ts";
import type { CanvasContext } from "./canvas-context.ts";
import { handleKey, handleLib } from "./connection.ts";
import { defaultSize, handleSize, outputY, portsOf } from "./node-geometry.ts";
import { statusLooks } from "./node-status.ts";
import { RenameField } from "../editor/rename-field.tsx";
import { isTypingTarget } from "../editor/shortcuts.ts";

/**
 * One node on the canvas: a card with the type's icon tile, the label (or the type's
 * title), the run status and validation marker, and its handles. Reads only its own node,
 * so moving one node of a thousand re-renders one card.
 */
export function NodeCard(props: { id: string; ctx: CanvasContext }) {
  const { id, ctx } = props;
  const node = () => ctx.session.view.nodes[id];
  const type = createMemo(() => node()?.type ?? "");
  const visual = createMemo(() => nodeVisual(type()));
  const size = createMemo(() => defaultSize(type()));
  const name = () => ctx.session.nameOf(id);
  const status = () => ctx.nodeStatus(id) ?? "idle";
  const selected = createMemo(() => ctx.session.selection.nodes().has(id));
  const issues = () => ctx.session.issues().byNode[id];
  const connectTarget = () => (ctx.connections.isTargetNode(id) ? ctx.connections.target() : undefined);
  /** Dragged: on a layer of its own, so each step moves a layer instead of repainting the flow under it. */
  const lifted = createMemo(() => selected() && ctx.lifted().has(id));
  /** What screen readers hear after the name: the marks the card shows. */
  const marks = () => [node()?.disabled ? "disabled" : "", ctx.session.pins.has(id) ? "pinned data" : ""].filter(Boolean).join(", ");
  let element!: HTMLDivElement;

  onMount(() => {
    const detach = ctx.attachDrag(element, id);
    const unobserve = ctx.lookup.observe(element);
    onCleanup(() => (detach(), unobserve()));
  });

  /** A collaborator who has this node selected: outlined in their colour. */
  const peer = () => ctx.session.collab()?.presence.selectedBy().get(id);

  const select = (event: MouseEvent | KeyboardEvent) => {
    if (event.shiftKey || event.ctrlKey || event.metaKey) ctx.session.selection.toggleNode(id);
    else ctx.session.selection.select({ nodes: [id] });
    // The press did not focus the card (keepFocus in node-drag.ts): a click does, a drag does not.
    if (event.type === "click" && document.activeElement !== element && !isTypingTarget(event.target)) element.focus({ preventScroll: true });
  };

  return (
    <div
      ref={element}
      class="nexus-flow__node node"
      classList={{
        selected: selected(),
        "has-issues": !!issues(),
        "connect-valid": connectTarget()?.valid === true,
        "connect-invalid": connectTarget()?.valid === false,
        lifted: lifted(),
        "key-connect-source": ctx.session.keyConnect()?.source === id,
        "key-connect-target": ctx.session.keyConnect()?.target === id,
        "node-disabled": !!node()?.disabled,
        "node-pinned": ctx.session.pins.has(id),
      }}
      data-node-id={id}
      data-node-type={type()}
      data-status={status()}
      data-peer-selected={peer()?.name}
      role="group"
      aria-label={name()}
      aria-description={marks() || undefined}
      aria-selected={selected()}
      tabindex="0"
      style={{
        // left/top, not a transform: a thousand transformed cards are a thousand compositing
        // decisions per frame; positioned boxes paint as one layer.
        left: `${node()?.position.x ?? 0}px`,
        top: `${node()?.position.y ?? 0}px`,
        width: `${size().width}px`,
        height: `${size().height}px`,
        "--node-color": visual().color,
        "--peer-color": peer()?.color,
      }}
      onClick={select}
      onKeyDown={(event) => event.key === "Enter" && event.target === element && select(event)}
    >
      <div class="node-icon" aria-hidden="true">
        {ctx.fullDetail() ? visual().glyph : ""}
      </div>
      <Show when={ctx.fullDetail()}>
        <NodeDetail ctx={ctx} id={id} name={name()} subtitle={node()?.label ? visual().title : id} status={status()} />
      </Show>
    </div>
  );
}

/** What a card shows when zoomed in: far out a card is a coloured block, cheap to create and paint. */
function NodeDetail(props: { ctx: CanvasContext; id: string; name: string; subtitle: string; status: NodeStatus }) {
  const { ctx, id } = props;
  const node = () => ctx.session.view.nodes[id];
  const ports = createMemo(() => portsOf(node()?.type ?? ""));
  const size = createMemo(() => defaultSize(node()?.type ?? ""));
  const issues = () => ctx.session.issues().byNode[id];
  const readOnly = () => ctx.session.readOnly();
  const status = () => props.status;
  const name = () => props.name;
  return (
    <>
      <div class="node-text">
        <Show when={ctx.session.renaming() === id} fallback={<div class="node-title" title={id} onDblClick={() => !readOnly() && ctx.session.setRenaming(id)}>{props.name}</div>}>
          <RenameField session={ctx.session} id={id} name={props.name} />
        </Show>
        <div class="node-subtitle">{props.subtitle}</div>
      </div>
      <Show when={status() !== "idle"}>
        <span class="node-status" role="img" aria-label={statusLooks[status()].label} title={statusLooks[status()].label}>
          {statusLooks[status()].glyph}
        </span>
      </Show>
      <Show when={issues()}>
        {(list) => (
          <span class="node-issues" role="img" aria-label={`${list().length} problem${list().length === 1 ? "" : "s"}`} title={list().map((issue) => (issue.path ? `${issue.path}: ${issue.message}` : issue.message)).join("\n")}>
            !
          </span>
        )}
      </Show>
      <Show when={node()?.disabled}>
        <span class="node-mark node-mark-disabled" role="img" aria-label="Disabled: skipped in runs, its input passes through" title="Disabled: skipped in runs, its input passes through">
          ⊘
        </span>
      </Show>
      <Show when={ctx.session.pins.has(id)}>
        <span class="node-mark node-mark-pinned" role="img" aria-label="Pinned data: runs from the editor use it instead of running this node" title="Pinned data: runs from the editor use it instead of running this node">
          {/* An SVG pin, not the emoji: not every system font has 📌 (headless Linux draws a box). */}
          <svg viewBox="0 0 16 16" width="11" height="11" aria-hidden="true"><path d="M5 1h6l-1 5 3 3H9v5l-1 2-1-2V9H3l3-3z" fill="currentColor" /></svg>
        </span>
      </Show>
      <Show when={ctx.nodeWarning(id)}>
        {(warning) => (
          <span class="node-warning" role="img" aria-label={warning()} title={warning()}>
            ⚠
          </span>
        )}
      </Show>
      <Show when={ports().input}>
        <Handle ctx={ctx} nodeId={id} handleId="in" type="target" top={size().height / 2} label={`Input of ${name()}`} readOnly={readOnly()} />
      </Show>
      <For each={ports().outputs}>
        {(port, index) => (
          <Handle
            ctx={ctx}
            nodeId={id}
            handleId={port}
            type="source"
            top={outputY(size().height, index(), ports().outputs.length)}
            label={`Output ${port} of ${name()}`}
            portLabel={ports().outputs.length > 1 ? port : undefined}
            readOnly={readOnly()}
          />
        )}
      </For>
    </>
  );
}

function Handle(props: { ctx: CanvasContext; nodeId: string; handleId: string; type: "source" | "target"; top: number; label: string; portLabel?: string | undefined; readOnly: boolean }) {
  const key = handleKey(props.nodeId, props.handleId, props.type);
  const target = () => (props.ctx.connections.isTargetHandle(key) ? props.ctx.connections.target() : undefined);
  return (
    <div
      class={`${handleLib}-flow__handle handle nodrag nopan ${props.type}`}
      classList={{
        connectable: !props.readOnly,
        connectableend: !props.readOnly,
        "handle-valid": target()?.valid === true,
        "handle-invalid": target()?.valid === false,
      }}
      data-handle={props.type === "target" ? "in" : `out:${props.handleId}`}
      data-id={key}
      data-nodeid={props.nodeId}
      data-handleid={props.handleId}
      data-handlepos={props.type === "target" ? "left" : "right"}
      aria-label={props.label}
      title={props.label}
      style={{ top: `${props.top - handleSize / 2}px` }}
      onMouseDown={(event) => props.ctx.connections.start(event, props.nodeId, props.handleId, props.type, event.currentTarget)}
    >
      <Show when={props.portLabel}>
        <span class="handle-label">{props.portLabel}</span>
      </Show>
    </div>
  );
}
