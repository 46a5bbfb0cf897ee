/**
 * The collaboration relay's rooms (`partykit dev`, PartyKit's dev server on workerd), for
 * `npm start` and `npm run dev`, tied to this process's life (tied-process.ts).
 */
import { join } from "node:path";
import { startTiedProcess, waitUntilAnswering, type TiedProcess } from "./tied-process.ts";

export interface RelayRooms extends TiedProcess {
  /** `http://127.0.0.1:<port>` */
  readonly url: string;
  readonly port: number;
}

export interface RelayRoomsOptions {
  readonly repoRoot: string;
  readonly port: number;
  /** Called when the relay stops by itself (not through `stop`). */
  readonly onUnexpectedExit?: (code: number | null, output: string) => void;
  readonly readyTimeoutMs?: number;
}

/** @example const relay = await startRelayRooms({ repoRoot, port: await freePortFrom(1999) }); */
export async function startRelayRooms(options: RelayRoomsOptions): Promise<RelayRooms> {
  const { repoRoot, port } = options;
  const tied = startTiedProcess({
    repoRoot,
    command: join(repoRoot, "node_modules/.bin/partykit"),
    args: ["dev", "--port", String(port), "--disable-request-cf-fetch", "--no-hotkeys"],
    ...(options.onUnexpectedExit ? { onUnexpectedExit: options.onUnexpectedExit } : {}),
  });
  const url = `http://127.0.0.1:${port}`;
  await waitUntilAnswering(url, tied, "The PartyKit dev server", options.readyTimeoutMs ?? 30_000);
  return { ...tied, url, port };
}
