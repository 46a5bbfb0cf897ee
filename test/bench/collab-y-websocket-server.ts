/**
 * The baseline for the relay's latency: a plain y-websocket server (@y/websocket-server's
 * `setupWSConnection` on a `ws` server), in a process of its own as `partykit dev` is.
 * Prints `{"port":N}` once listening; the doc name is the URL path, so y-partykit's provider
 * (`/parties/main/<room>`) speaks to it unchanged.
 */
import { WebSocketServer } from "ws";
import { setupWSConnection } from "@y/websocket-server/utils";

const server = new WebSocketServer({ host: "127.0.0.1", port: 0 });
server.on("connection", (socket, request) => setupWSConnection(socket, request));
server.on("listening", () => {
  const address = server.address();
  console.log(JSON.stringify({ port: typeof address === "object" && address ? address.port : 0 }));
});
process.on("SIGTERM", () => server.close(() => process.exit(0)));
