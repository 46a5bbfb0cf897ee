/**
 * Serves the app's production build on loopback, as a static host would: files as they
 * are, `index.html` for any other page address (the app routes in the hash, but a person
 * may open any path), and caching that lets a new build reach people: hashed assets are
 * immutable, everything else (index.html, sw.js, the manifest) is revalidated.
 */
import { createReadStream, statSync } from "node:fs";
import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import { extname, join, normalize, sep } from "node:path";

export interface AppServer {
  /** `http://127.0.0.1:<port>/` */
  readonly url: string;
  readonly port: number;
  close(): Promise<void>;
}

const contentTypes: Record<string, string> = {
  ".html": "text/html; charset=utf-8",
  ".js": "text/javascript; charset=utf-8",
  ".mjs": "text/javascript; charset=utf-8",
  ".css": "text/css; charset=utf-8",
  ".json": "application/json",
  ".map": "application/json",
  ".webmanifest": "application/manifest+json",
  ".wasm": "application/wasm", // required for streaming compilation of QuickJS
  ".svg": "image/svg+xml",
  ".png": "image/png",
  ".ico": "image/x-icon",
  ".txt": "text/plain; charset=utf-8",
};

/**
 * Listens on the first free port from `port` (up to 100 further), on 127.0.0.1.
 * @example const app = await serveAppBuild({ dir, port: 5173 }); console.log(app.url);
 */
export async function serveAppBuild(options: { dir: string; port: number; host?: string; localTeam?: { relayUrl: string; token: string } }): Promise<AppServer> {
  const host = options.host ?? "127.0.0.1";
  const server = createServer((request, response) => {
    if (options.localTeam && request.url?.split("?")[0] === localTeamPath) return serveLocalTeam(options.localTeam, response);
    handle(options.dir, request, response);
  });
  const port = await listenFrom(server, options.port, host);
  return {
    url: `http://${host}:${port}/`,
    port,
    close: () => new Promise<void>((resolve) => (server.closeAllConnections(), server.close(() => resolve()))),
  };
}

/**
 * The local team's member token for the page (absent on a static deployment, where the page
 * joins a team through an invite link instead). Loopback only, never cached.
 */
const localTeamPath = "/nexus-local-team.json";

function serveLocalTeam(team: { relayUrl: string; token: string }, response: ServerResponse): void {
  const body = JSON.stringify({ relayUrl: team.relayUrl, token: team.token });
  response.writeHead(200, { "content-type": "application/json", "cache-control": "no-store", "x-content-type-options": "nosniff" }).end(body);
}

function handle(root: string, request: IncomingMessage, response: ServerResponse): void {
  if (request.method !== "GET" && request.method !== "HEAD") return void response.writeHead(405, { allow: "GET, HEAD" }).end();
  const file = fileFor(root, request.url ?? "/");
  if (!file) return void response.writeHead(404, { "content-type": "text/plain; charset=utf-8" }).end("Not found\n");
  const type = contentTypes[extname(file.path)] ?? "application/octet-stream";
  const immutable = file.path.startsWith(join(root, "assets") + sep);
  response.writeHead(200, {
    "content-type": type,
    "content-length": file.size,
    "cache-control": immutable ? "public, max-age=31536000, immutable" : "no-cache",
    "x-content-type-options": "nosniff",
  });
  if (request.method === "HEAD") return void response.end();
  createReadStream(file.path).on("error", () => response.destroy()).pipe(response);
}

/** The file a URL names inside `root`, or index.html for a page address; never outside `root`. */
function fileFor(root: string, url: string): { path: string; size: number } | undefined {
  let pathname: string;
  try {
    pathname = decodeURIComponent(new URL(url, "http://x").pathname);
  } catch {
    return undefined;
  }
  const path = normalize(join(root, pathname));
  if (path !== root && !path.startsWith(root + sep)) return undefined;
  const found = statOf(path);
  if (found?.isFile()) return { path, size: found.size };
  // A page address (no file extension) gets the app; a missing asset is a 404.
  if (extname(pathname) === "") {
    const index = join(root, "index.html");
    const stat = statOf(index);
    if (stat?.isFile()) return { path: index, size: stat.size };
  }
  return undefined;
}

function statOf(path: string) {
  try {
    return statSync(path);
  } catch {
    return undefined;
  }
}

async function listenFrom(server: Server, first: number, host: string): Promise<number> {
  for (let port = first; port < first + 100 && port < 65536; port++) {
    const bound = await new Promise<boolean>((resolve, reject) => {
      const onError = (error: NodeJS.ErrnoException) => (error.code === "EADDRINUSE" ? resolve(false) : reject(error));
      server.once("error", onError);
      server.listen(port, host, () => (server.off("error", onError), resolve(true)));
    });
    if (bound) return port;
  }
  throw new Error(`No free port for the app from ${first} to ${first + 99}. Set another first port with PORT=…`);
}
