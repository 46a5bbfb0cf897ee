import type { Page } from "playwright-core";

/** A piece of text whose colour does not stand out enough from what is behind it. */
export interface LowContrast {
  readonly text: string;
  readonly selector: string;
  readonly ratio: number;
  readonly needed: number;
  readonly color: string;
  readonly background: string;
}

/**
 * WCAG AA over the rendered page, from computed styles: every visible text node against the
 * background it is painted on (ancestors' backgrounds composited, opacity applied), 4.5:1
 * under 18 px (14 px bold), 3:1 above. Disabled controls and decorative icon glyphs are exempt, as WCAG says. Images and
 * gradients behind text are not considered: this app has none under text.
 */
export function lowContrastText(page: Page): Promise<LowContrast[]> {
  return page.evaluate(() => {
    type Rgba = [number, number, number, number];
    const probe = document.createElement("canvas").getContext("2d", { willReadFrequently: true })!;
    /** Any CSS colour (rgb(), color(srgb …), color-mix results) to RGBA, through a canvas pixel. */
    const parse = (css: string): Rgba => {
      probe.clearRect(0, 0, 1, 1);
      probe.fillStyle = "#000";
      probe.fillStyle = css;
      probe.fillRect(0, 0, 1, 1);
      const [r, g, b, a] = probe.getImageData(0, 0, 1, 1).data;
      return [r!, g!, b!, a! / 255];
    };
    const over = (top: Rgba, bottom: Rgba): Rgba => {
      const a = top[3] + bottom[3] * (1 - top[3]);
      if (a === 0) return [0, 0, 0, 0];
      const mix = (i: number) => (top[i]! * top[3] + bottom[i]! * bottom[3] * (1 - top[3])) / a;
      return [mix(0), mix(1), mix(2), a];
    };
    const luminance = ([r, g, b]: Rgba) => {
      const lin = (c: number) => ((c /= 255) <= 0.03928 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4);
      return 0.2126 * lin(r) + 0.7152 * lin(g) + 0.0722 * lin(b);
    };
    const backgroundOf = (element: Element): Rgba => {
      const layers: Rgba[] = [];
      for (let at: Element | null = element; at; at = at.parentElement) {
        const colour = parse(getComputedStyle(at).backgroundColor);
        if (colour[3] > 0) layers.push(colour);
        if (colour[3] >= 1) break;
      }
      let result: Rgba = [255, 255, 255, 1];
      for (const layer of layers.reverse()) result = over(layer, result);
      return result;
    };
    const opacityOf = (element: Element) => {
      let opacity = 1;
      for (let at: Element | null = element; at; at = at.parentElement) opacity *= Number(getComputedStyle(at).opacity);
      return opacity;
    };
    const describe = (element: Element) => element.tagName.toLowerCase() + (element.className && typeof element.className === "string" ? "." + element.className.trim().split(/\s+/).join(".") : "");
    const found: Array<{ text: string; selector: string; ratio: number; needed: number; color: string; background: string }> = [];
    const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
    for (let text = walker.nextNode(); text; text = walker.nextNode()) {
      const element = text.parentElement;
      if (!element || !text.textContent?.trim()) continue;
      if (element.closest(":disabled, [aria-disabled='true'], .sr-only, svg")) continue;
      // Icon glyphs beside a name (aria-hidden, no letters or digits) are decoration; hidden words are still read by eye.
      if (element.closest("[aria-hidden='true']") && !/[\p{L}\p{N}]/u.test(text.textContent)) continue;
      const style = getComputedStyle(element);
      if (style.visibility !== "visible" || element.getClientRects().length === 0) continue;
      const opacity = opacityOf(element);
      if (opacity < 0.05) continue;
      const background = backgroundOf(element);
      const raw = parse(style.color);
      const color = over([raw[0], raw[1], raw[2], raw[3] * opacity], background);
      const [light, dark] = [luminance(color), luminance(background)].sort((a, b) => b - a) as [number, number];
      const ratio = (light + 0.05) / (dark + 0.05);
      const size = parseFloat(style.fontSize);
      const bold = Number(style.fontWeight) >= 700;
      const needed = size >= 18 || (bold && size >= 14) ? 3 : 4.5;
      if (ratio < needed) found.push({ text: text.textContent.trim().slice(0, 40), selector: describe(element), ratio: Math.round(ratio * 100) / 100, needed, color: style.color, background: `rgb(${background.slice(0, 3).map(Math.round).join(",")})` });
    }
    return found;
  });
}
