/** The same as `server.ts` in plain Node `ws`: every frame to the other connections. Prints `{"port":N}`. */
import { WebSocketServer, type WebSocket } from "ws";

const server = new WebSocketServer({ host: "127.0.0.1", port: 0 });
const sockets = new Set<WebSocket>();
server.on("connection", (socket) => {
  sockets.add(socket);
  socket.on("message", (data, isBinary) => {
    for (const other of sockets) if (other !== socket) other.send(data, { binary: isBinary });
  });
  socket.on("close", () => sockets.delete(socket));
});
server.on("listening", () => {
  const address = server.address();
  console.log(JSON.stringify({ port: typeof address === "object" && address ? address.port : 0 }));
});
process.on("SIGTERM", () => server.close(() => process.exit(0)));
