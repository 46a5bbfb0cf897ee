/** What `npm start` and `npm run dev` print, and how they stop. */

export function printReady(info: { appUrl: string; relayUrl: string; controlUrl?: string; teamCreated?: boolean; readyMs: number; built?: boolean; dev?: boolean }): void {
  const how = info.dev ? "the Vite dev server: edits reload" : `the production build${info.built ? ", just built" : ""}, works offline once loaded`;
  console.log(`
  Nexus Flow is running:  ${info.appUrl}   (ready in ${(info.readyMs / 1000).toFixed(1)} s; ${how})

  Open it in a browser; flows and runs stay in that browser (IndexedDB).
  Share a flow (Share button) and open the link in another browser to edit it together:
  the collaboration relay (PartyKit dev server) is at ${info.relayUrl}.
  The CLI runs the same flows here:  npx nexus run runner/examples/hello.json --input '{"n":21}'
${info.controlUrl ? `
  Team runs: the control relay (wrangler dev) is at ${info.controlUrl}, with a local team
  (${info.teamCreated ? "created now, " : ""}.nexus/local.json) and one local runner attached:
    npx nexus publish runner/examples/hello.json && npx nexus trigger hello --input '{"n":21}' --wait
` : ""}
  Stop with Ctrl-C.
`);
}

/** Runs `stop` once on Ctrl-C or SIGTERM, then exits. A second Ctrl-C exits at once. */
export function onStop(stop: () => Promise<void>): void {
  let stopping = false;
  const handler = () => {
    if (stopping) process.exit(130);
    stopping = true;
    void stop().finally(() => process.exit(0));
  };
  process.on("SIGINT", handler);
  process.on("SIGTERM", handler);
  process.on("SIGHUP", handler);
}
