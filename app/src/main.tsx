import { render } from "solid-js/web";
import "./ui/theme.css";
import { App } from "./app.tsx";
import { createAppContext } from "./app-context.ts";
import { registerServiceWorker } from "./pwa/register-service-worker.ts";

render(() => <App context={createAppContext()} />, document.getElementById("root")!);
registerServiceWorker();
