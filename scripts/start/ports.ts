import { createServer } from "node:net";

/**
 * The first port from `first` on that nothing listens on (all interfaces: `partykit dev`
 * binds 0.0.0.0). Another process may take it before we bind it; the servers here retry.
 * @example const port = await freePortFrom(Number(process.env.RELAY_PORT ?? 1999));
 */
export async function freePortFrom(first: number, what = "a server"): Promise<number> {
  for (let port = first; port < first + 100 && port < 65536; port++) {
    const free = await new Promise<boolean>((resolve) => {
      const probe = createServer().once("error", () => resolve(false));
      probe.listen(port, "0.0.0.0", () => probe.close(() => resolve(true)));
    });
    if (free) return port;
  }
  throw new Error(`No free port for ${what} from ${first} to ${first + 99}. Set another first port in the environment (PORT, RELAY_PORT).`);
}

/** A port number from the environment, or the default; refuses anything else in words. */
export function portFromEnv(name: string, fallback: number): number {
  const raw = process.env[name];
  if (raw === undefined || raw === "") return fallback;
  const port = Number(raw);
  if (!Number.isInteger(port) || port < 1 || port > 65535) throw new Error(`${name}=${raw} is not a port number (1–65535).`);
  return port;
}
