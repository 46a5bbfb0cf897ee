/**
 * The service worker: precaches the app, its engine worker and the QuickJS wasm, so flows
 * open and run offline; serves the app for any page address; takes over when the page says
 * so ("A new version is ready" → Reload). It is what vite-plugin-pwa's generated worker did,
 * written out so that Vite bundles it: the generated one went through Babel and Terser,
 * 5 s of every build, which `npm start` pays on a fresh clone.
 */
import { cleanupOutdatedCaches, createHandlerBoundToURL, precacheAndRoute, type PrecacheEntry } from "workbox-precaching";
import { NavigationRoute, registerRoute } from "workbox-routing";

// The app's TypeScript lib is the DOM's; these are the worker's few globals used here.
declare const self: {
  readonly __WB_MANIFEST: Array<PrecacheEntry | string>;
  skipWaiting(): Promise<void>;
  addEventListener(type: "message", listener: (event: MessageEvent) => void): void;
};

// workbox-window's messageSkipWaiting() sends this.
self.addEventListener("message", (event) => {
  if ((event.data as { type?: unknown } | null)?.type === "SKIP_WAITING") void self.skipWaiting();
});
precacheAndRoute(self.__WB_MANIFEST);
cleanupOutdatedCaches();
registerRoute(new NavigationRoute(createHandlerBoundToURL("index.html")));
