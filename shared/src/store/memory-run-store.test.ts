import { runStoreContract } from "../../test-support/run-store-contract.ts";
import { createMemoryRunStore } from "./memory-run-store.ts";

runStoreContract("memory", async () => createMemoryRunStore());
