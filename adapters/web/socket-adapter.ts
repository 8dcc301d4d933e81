import type { Server } from "node:http";
import { WebAdapter } from "botbuilder-adapter-web";
import type { WebSocket, WebSocketServer } from "ws";
import { isWebUserId } from "./inbound.js";

type SendArgs = Parameters<WebAdapter["sendActivities"]>;
type Logic = Parameters<WebAdapter["createSocketServer"]>[2];

/** A socket frame the adapter may see: a JSON object whose `user` is a UUID. */
function userOf(data: unknown): string | undefined {
  try {
    const m: unknown = JSON.parse(String(data));
    const user = typeof m === "object" && m !== null ? (m as { user?: unknown }).user : undefined;
    return isWebUserId(user) ? user : undefined;
  } catch {
    return undefined; // not JSON: the adapter would only log a parse error
  }
}

/**
 * Botkit's WebAdapter with three repairs, keeping its receive path (frame -> Activity -> Botkit):
 *
 * - Bound to a server we own: the stock `init` binds to Botkit's built-in webserver, which always
 *   listens on `$PORT || 3000`; the chat needs its own host and port (port 0 in tests). So `init`
 *   does nothing and {@link SocketAdapter.bind} attaches the socket server.
 * - Its own socket table: the stock adapter files sockets by user in a module-wide plain object
 *   and deletes the entry when *any* socket of that user closes, so after a page reload (new
 *   socket up, old one closing) replies went nowhere. Here a closing socket only removes itself,
 *   and frames without a UUID `user` (e.g. "__proto__") never reach the adapter.
 * - A stoppable heartbeat: `createSocketServer` starts a ping interval it keeps no handle to.
 */
export class SocketAdapter extends WebAdapter {
  private heartbeat: ReturnType<typeof setInterval> | undefined;
  private readonly sockets = new Map<string, WebSocket>();

  override init(): void {
    // Deliberately empty: see the class comment; `bind` is called once the server exists.
  }

  /** Attaches the WebSocket server to `server`; `logic` is Botkit's turn handler. */
  bind(server: Server, options: { path: string; maxPayload: number }, logic: Logic, onError: (err: Error) => void): void {
    const real = globalThis.setInterval;
    // Catch the one setInterval createSocketServer makes (synchronously) so `close` can clear it.
    globalThis.setInterval = ((fn: () => void, ms?: number) => (this.heartbeat = real(fn, ms))) as typeof setInterval;
    try {
      this.createSocketServer(server, options, logic);
    } finally {
      globalThis.setInterval = real;
    }
    const wss = this.wss as WebSocketServer;
    // ws re-emits the server's errors (e.g. port in use) on itself; unhandled, that would throw.
    wss.on("error", onError);
    wss.prependListener("connection", (ws: WebSocket) => {
      const users = new Set<string>();
      const emit = ws.emit.bind(ws);
      ws.emit = ((event: string, ...args: unknown[]) => {
        if (event !== "message") return emit(event, ...args);
        const user = userOf(args[0]);
        if (!user) return false;
        users.add(user);
        this.sockets.set(user, ws);
        return emit(event, ...args);
      }) as typeof ws.emit;
      ws.on("close", () => {
        for (const u of users) if (this.sockets.get(u) === ws) this.sockets.delete(u);
      });
    });
  }

  /** Sends each activity as the web client's message shape (`type`, `text`, channelData fields) to the user's socket. */
  override async sendActivities(context: SendArgs[0], activities: SendArgs[1]): ReturnType<WebAdapter["sendActivities"]> {
    for (const a of activities) {
      const ws = a.recipient?.id ? this.sockets.get(a.recipient.id) : undefined;
      if (!ws || ws.readyState !== ws.OPEN) continue; // the page went away; nothing to deliver to
      ws.send(JSON.stringify({ type: a.type, text: a.text, ...a.channelData }));
    }
    void context;
    return [];
  }

  override isConnected(user: string): boolean {
    return this.sockets.has(user);
  }

  override getConnection(user: string): ReturnType<WebAdapter["getConnection"]> {
    const ws = this.sockets.get(user);
    if (!ws) throw new Error(`user ${user} is not connected`);
    return ws as unknown as ReturnType<WebAdapter["getConnection"]>;
  }

  /** Stops the heartbeat and closes every socket. */
  async close(): Promise<void> {
    clearInterval(this.heartbeat);
    const wss = this.wss as WebSocketServer | undefined;
    if (!wss) return;
    for (const ws of wss.clients) ws.terminate();
    await new Promise<void>((resolve) => wss.close(() => resolve()));
  }
}
