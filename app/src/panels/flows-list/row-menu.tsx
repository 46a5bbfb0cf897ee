import { createSignal, For, onCleanup, Show } from "solid-js";

export interface MenuItem {
  readonly label: string;
  readonly run: () => void;
  readonly danger?: boolean;
}

/**
 * A "⋯" button opening a small menu (WAI-ARIA menu button): arrows move, Enter picks,
 * Escape or a click elsewhere closes and gives focus back to the button.
 */
export function RowMenu(props: { label: string; items: readonly MenuItem[] }) {
  const [open, setOpen] = createSignal(false);
  // Fixed, from the button's place: the list scrolls, and would clip an absolute menu.
  const [place, setPlace] = createSignal({ top: 0, right: 0 });
  let button!: HTMLButtonElement;
  let menu: HTMLDivElement | undefined;
  const items = () => [...(menu?.querySelectorAll<HTMLButtonElement>("[role=menuitem]") ?? [])];
  const close = (refocus = true) => (setOpen(false), refocus && button.focus());
  const show = (focusLast = false) => {
    const rect = button.getBoundingClientRect();
    setPlace({ top: rect.bottom + 2, right: window.innerWidth - rect.right });
    setOpen(true);
    queueMicrotask(() => (focusLast ? items().at(-1) : items()[0])?.focus());
  };
  const onOutside = (event: PointerEvent) => open() && !menu?.contains(event.target as Node) && !button.contains(event.target as Node) && close(false);
  const onScroll = () => open() && close(false);
  document.addEventListener("pointerdown", onOutside);
  document.addEventListener("scroll", onScroll, true);
  onCleanup(() => (document.removeEventListener("pointerdown", onOutside), document.removeEventListener("scroll", onScroll, true)));

  const onMenuKey = (event: KeyboardEvent) => {
    const list = items();
    const index = list.indexOf(document.activeElement as HTMLButtonElement);
    const moves: Record<string, number> = { ArrowDown: index + 1, ArrowUp: index - 1, Home: 0, End: list.length - 1 };
    if (event.key in moves) {
      event.preventDefault();
      list[(moves[event.key]! + list.length) % list.length]?.focus();
    } else if (event.key === "Escape" || event.key === "Tab") {
      event.preventDefault();
      event.stopPropagation();
      close();
    }
  };

  return (
    <div class="row-menu">
      <button
        ref={button}
        type="button"
        class="button button-ghost icon-button row-menu-button"
        aria-label={props.label}
        title="More actions"
        aria-haspopup="menu"
        aria-expanded={open()}
        onClick={() => (open() ? close() : show())}
        onKeyDown={(event) => (event.key === "ArrowDown" || event.key === "ArrowUp") && (event.preventDefault(), show(event.key === "ArrowUp"))}
      >
        ⋯
      </button>
      <Show when={open()}>
        <div ref={menu} class="menu" role="menu" style={{ top: `${place().top}px`, right: `${place().right}px` }} aria-label={props.label} onKeyDown={onMenuKey}>
          <For each={props.items}>
            {(item) => (
              <button type="button" role="menuitem" tabindex="-1" class="menu-item" classList={{ "menu-item-danger": item.danger ?? false }} onClick={() => (close(false), item.run())}>
                {item.label}
              </button>
            )}
          </For>
        </div>
      </Show>
    </div>
  );
}
