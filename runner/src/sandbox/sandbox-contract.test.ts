import { createQuickJSSandbox } from "@nexus-flow/shared/sandbox";
import { sandboxContract } from "../../../shared/test-support/sandbox-contract.ts";
import { loadQuickJSModule } from "./load-quickjs.ts";
import { createNodeSandboxPool } from "./node-sandbox-pool.ts";

async function readyPool(options: Parameters<typeof createNodeSandboxPool>[0]) {
  const pool = createNodeSandboxPool(options);
  await pool.ready();
  return pool;
}

// One suite, every implementation of the port: QuickJS on this thread, and the worker pools.
sandboxContract("QuickJS on the caller's thread", async () => createQuickJSSandbox(await loadQuickJSModule()));
sandboxContract("pool of 2 worker threads", () => readyPool({ workers: 2, inline: false }));
sandboxContract("pool of 1 worker thread, with the in-thread slice", async () => readyPool({ workers: 1, inline: { module: await loadQuickJSModule() } }));
