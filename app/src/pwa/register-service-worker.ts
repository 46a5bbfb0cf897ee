import { Workbox } from "workbox-window";
import { toast } from "../ui/toast.tsx";
import { whenQuiet } from "./when-quiet.ts";

/**
 * Registers the Workbox service worker that precaches the app and the QuickJS wasm, so the
 * app opens and runs flows offline. When a new version is deployed, it offers to reload.
 * Browsers look for a new version on each navigation; a tab left open for days looks too:
 * hourly and whenever it comes back into view.
 *
 * The first install fetches and stores every asset (37 files, 1.7 MB with the wasm), and
 * Chrome compiles each script for its code cache: ~0.5 s of CPU between the worker's thread,
 * the browser and the server. On a 2-core machine that took the page's second core and
 * stretched whatever the page did meanwhile (a 1,000-node import: ~300 ms → 530–750 ms).
 * So the worker is registered once the page has loaded and then had a second with no long task
 * and no frame (as web.dev advises, after load, and out of the way of a first action), at the
 * latest 5 s after load; an installed worker serves from the first request either way.
 */
export function registerServiceWorker(): void {
  if (!("serviceWorker" in navigator) || import.meta.env.DEV) return;
  const start = () => whenQuiet(register, { quietMs: 1000, latestMs: 5000 });
  if (document.readyState === "complete") start();
  else window.addEventListener("load", start, { once: true });
}

function register(): void {
  const workbox = new Workbox("/sw.js");
  workbox.addEventListener("waiting", () => {
    toast("A new version of Nexus Flow is ready.", {
      ms: 60_000,
      action: {
        label: "Reload",
        run: () => {
          workbox.addEventListener("controlling", () => window.location.reload());
          workbox.messageSkipWaiting();
        },
      },
    });
  });
  void workbox.register();
  const checkForUpdate = () => void workbox.update().catch(() => undefined); // offline: try later
  setInterval(checkForUpdate, 60 * 60 * 1000);
  document.addEventListener("visibilitychange", () => document.visibilityState === "visible" && checkForUpdate());
}
