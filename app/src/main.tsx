import { render } from "solid-js/web";
import "./ui/theme.css";
import { App } from "./app.tsx";
import { createAppContext } from "./app-context.ts";
import { registerServiceWorker } from "./pwa/register-service-worker.ts";

// Created once: Solid turns a prop expression into a getter, which would build a new context per read.
const context = createAppContext();
render(() => <App context={context} />, document.getElementById("root")!);
registerServiceWorker();
