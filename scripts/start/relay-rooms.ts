/**
 * The collaboration relay's rooms (`partykit dev`, PartyKit's dev server on workerd), for
 * `npm start` and `npm run dev`, tied to their life (tied-process.ts). Rooms are kept in
 * `.partykit/` beside partykit.json.
 */
import { join } from "node:path";
import { startTied, waitUntilAnswering, type TiedProcess } from "./tied-process.ts";

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
  const partykit = join(options.repoRoot, "node_modules/.bin/partykit");
  const args = ["dev", "--port", String(options.port), "--disable-request-cf-fetch", "--no-hotkeys"];
  const tied = startTied(partykit, args, {
    cwd: options.repoRoot,
    env: { ...process.env, NO_COLOR: "1" },
    ...(options.onUnexpectedExit ? { onUnexpectedExit: options.onUnexpectedExit } : {}),
  });
  const url = `http://127.0.0.1:${options.port}`;
  try {
    await waitUntilAnswering(url, tied, "The PartyKit dev server", options.readyTimeoutMs);
  } catch (error) {
    await tied.stop();
    throw error;
  }
  return { ...tied, url, port: options.port };
}
