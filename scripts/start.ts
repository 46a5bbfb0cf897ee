/**
 * `npm start`: the whole system on this machine, then prints the URL to open. Today: the
 * app (Vite dev server; flows run in the browser's worker). The PartyKit and Worker dev
 * servers and a local runner join here as their issues land.
 */
import { fileURLToPath } from "node:url";
import { createServer } from "vite";

const appRoot = fileURLToPath(new URL("../app/", import.meta.url));
const server = await createServer({ root: appRoot, configFile: `${appRoot}vite.config.ts`, server: { host: "127.0.0.1", port: Number(process.env.PORT ?? 5173), strictPort: false } });
await server.listen();
const url = server.resolvedUrls?.local[0] ?? "http://127.0.0.1:5173/";

console.log(`
  Nexus Flow is running:  ${url}

  Open it in a browser; flows and runs stay in that browser (IndexedDB).
  The CLI runs the same flows here:  npx nexus run runner/examples/hello.json --input '{"n":21}'
  Stop with Ctrl-C.
`);

const stop = async () => {
  await server.close();
  process.exit(0);
};
process.on("SIGINT", stop);
process.on("SIGTERM", stop);
