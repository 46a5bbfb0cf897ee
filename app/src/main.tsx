import { render } from "solid-js/web";
import "./ui/theme.css";
import { App } from "./app.tsx";
import { createAppContext } from "./app-context.ts";
import { registerServiceWorker } from "./pwa/register-service-worker.ts";
import { engineClient } from "./runs/engine-client.ts";

// Created once: Solid turns a prop expression into a getter, which would build a new context per read.
const context = createAppContext();
render(() => <App context={context} />, document.getElementById("root")!);
registerServiceWorker();

// The engine worker checks imported files and runs flows. Starting it (its script, the flow
// schemas) takes ~100 ms: do it once the page is idle, so the first import or run does not wait.
const whenIdle = window.requestIdleCallback ?? ((callback: () => void) => setTimeout(callback, 200));
whenIdle(() => void engineClient(), { timeout: 3000 });
