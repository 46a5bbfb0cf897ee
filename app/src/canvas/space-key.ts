import { isTypingTarget } from "../editor/shortcuts.ts";

/**
 * Space held down turns a left drag on the pane into a pan (as in Figma and Miro). Only
 * while the canvas (or nothing) has focus: Space on a focused button still presses it.
 */
export function trackSpaceKey(canvas: HTMLElement, setPressed: (pressed: boolean) => void): () => void {
  const owns = (target: EventTarget | null) => target === document.body || (target instanceof Node && canvas.contains(target) && !(target instanceof HTMLButtonElement));
  const onKeyDown = (event: KeyboardEvent) => {
    if (event.code !== "Space" || isTypingTarget(event.target) || !owns(event.target)) return;
    event.preventDefault();
    if (!event.repeat) setPressed(true);
  };
  const release = () => setPressed(false);
  const onKeyUp = (event: KeyboardEvent) => event.code === "Space" && release();
  document.addEventListener("keydown", onKeyDown);
  document.addEventListener("keyup", onKeyUp);
  window.addEventListener("blur", release);
  return () => {
    document.removeEventListener("keydown", onKeyDown);
    document.removeEventListener("keyup", onKeyUp);
    window.removeEventListener("blur", release);
  };
}
