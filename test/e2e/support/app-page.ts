import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { BrowserContext, Page } from "playwright-core";
import { inject } from "vitest";
import { launchPersistent } from "./chromium.ts";

/**
 * A fresh browser profile on the built app. Collects page errors so a test fails when the
 * app throws, and closes everything afterwards.
 */
export async function openApp(path = "/", url = inject("appUrl"), beforeOpen?: (context: BrowserContext) => Promise<void>): Promise<{ context: BrowserContext; page: Page; url: string; errors: string[]; close(): Promise<void> }> {
  const profile = mkdtempSync(join(tmpdir(), "nexus-chromium-"));
  const context = await launchPersistent(profile);
  const page = context.pages()[0] ?? (await context.newPage());
  const errors: string[] = [];
  page.on("pageerror", (error) => errors.push(error.message));
  await beforeOpen?.(context);
  await page.goto(url + path);
  return {
    context,
    page,
    url,
    errors,
    async close() {
      await context.close();
      rmSync(profile, { recursive: true, force: true });
    },
  };
}
