import { Workbox } from "workbox-window";
import { toast } from "../ui/toast.tsx";

/**
 * Registers the Workbox service worker that precaches the app and the QuickJS wasm, so the
 * app opens and runs flows offline. When a new version is deployed, it offers to reload.
 * Browsers look for a new version on each navigation; a tab left open for days looks too:
 * hourly and whenever it comes back into view.
 */
export function registerServiceWorker(): void {
  if (!("serviceWorker" in navigator) || import.meta.env.DEV) return;
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
