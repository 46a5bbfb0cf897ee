/**
 * `npm start`: the whole system on this machine. Today that is the engine and the `nexus`
 * CLI; the app (Vite), the PartyKit and Worker dev servers and a local runner join here as
 * their issues land, and this prints the URL to open.
 */
import { spawnSync } from "node:child_process";

console.log(`Nexus Flow

The browser app and the relay are not built yet; the engine and the CLI are.
Running the example flow runner/examples/hello.json with input {"n":21}:
`);
const result = spawnSync("npx", ["nexus", "run", "runner/examples/hello.json", "--input", '{"n":21}', "--json"], { stdio: "inherit" });
console.log(`
Try also:  npx nexus run runner/examples/order-approval.json --input '{"id":"A-1","amount":5000}' --state .nexus
           npx nexus runs --state .nexus`);
process.exit(result.status ?? 1);
