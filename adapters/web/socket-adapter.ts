import type { IncomingMessage, Server } from "node:http";
import { WebAdapter } from "botbuilder-adapter-web";
import type { WebSocket, WebSocketServer } from "ws";
import { isWebUserId } from "./inbound.js";
import { clientAddress, type AddressLimits, type LimitNotice } from "./limits.js";

type SendArgs = Parameters<WebAdapter["sendActivities"]>;
type Logic = Parameters<WebAdapter["createSocketServer"]>[2];

/** A socket frame the adapter may see: a JSON object whose `user` is a UUID (and its `locale`, if a string). */
function frameOf(data: unknown): { user: string; locale?: string; resume: boolean } | undefined {
  try {
    const m: unknown = JSON.parse(String(data));
    const { user, locale, type } = typeof m === "object" && m !== null ? (m as { user?: unknown; locale?: unknown; type?: unknown }) : {};
    if (!isWebUserId(user)) return undefined;
    const resume = type === RESUME;
    return typeof locale === "string" ? { user, locale, resume } : { user, resume };
  } catch {
    return undefined; // not JSON: the adapter would only log a parse error
  }
}

/** Per-address abuse limits at the socket (see limits.ts); without one, every socket and frame is let through. */
export interface SocketGate {
  limits: AddressLimits;
  /** Header of a trusted reverse proxy holding the client address (e.g. x-forwarded-for); unset: the peer address. */
  trustedHeader?: string;
  /** Whether the store already keeps this browser id (a returning user, not a new one). */
  isKnown(browserId: string): Promise<boolean>;
  /** The frame that tells a refused client why, in `localeHint`'s language when the pack has it. */
  notice(kind: LimitNotice, localeHint: string | undefined): Record<string, unknown>;
  /** Called once per refusal (for a log line with the reason, never the address). */
  refused(reason: "sockets" | "messages" | "browser-ids" | "new-users"): void;
}

/** A notice per kind and socket at most once a minute, so a flood is not answered frame by frame. */
const NOTICE_EVERY_MS = 60_000;

/**
 * The frame a page sends when its socket came back (a reconnect, not a new visit): it names the
 * user for the new socket and starts no turn. Replies finished while the page had no socket were
 * parked and are sent on it.
 */
export const RESUME = "resume";
/** How long, and how many, replies wait for a page that lost its socket mid-turn (memory only). */
export const PARK_MS = 120_000;
export const PARK_FRAMES = 50;
/** Users with parked replies at most; the oldest go first beyond it. */
export const PARK_USERS = 10_000;

/**
 * Botkit's WebAdapter with four repairs, keeping its receive path (frame -> Activity -> Botkit):
 *
 * - Bound to a server we own: the stock `init` binds to Botkit's built-in webserver, which always
 *   listens on `$PORT || 3000`; the chat needs its own host and port (port 0 in tests). So `init`
 *   does nothing and {@link SocketAdapter.bind} attaches the socket server.
 * - Its own socket table: the stock adapter files sockets by user in a module-wide plain object
 *   and deletes the entry when *any* socket of that user closes, so after a page reload (new
 *   socket up, old one closing) replies went nowhere. Here a closing socket only removes itself,
 *   and frames without a UUID `user` (e.g. "__proto__") never reach the adapter.
 * - A stoppable heartbeat: `createSocketServer` starts a ping interval it keeps no handle to.
 * - Replies survive a reconnect: a reply finished while the user's page had no socket (a network
 *   blip mid-turn) waits in memory for {@link PARK_MS} and is sent when the page is back (its
 *   `resume` frame, or its next frame); the stock adapter dropped it.
 */
export class SocketAdapter extends WebAdapter {
  private heartbeat: ReturnType<typeof setInterval> | undefined;
  private readonly sockets = new Map<string, WebSocket>();
  /** Replies for users without an open socket, kept in memory for {@link PARK_MS}: never stored. */
  private readonly parked = new Map<string, { frames: string[]; until: number }>();
  /**
   * Called when a socket first carries a user (a visit or a reconnect), after parked replies:
   * the bridge shows messages kept for the next visit (inbox.ts) with `send`.
   */
  onArrive: ((user: string, send: (frame: string) => boolean) => void) | undefined;

  override init(): void {
    // Deliberately empty: see the class comment; `bind` is called once the server exists.
  }

  /** Attaches the WebSocket server to `server`; `logic` is Botkit's turn handler. */
  bind(server: Server, options: { path: string; maxPayload: number }, logic: Logic, onError: (err: Error) => void, gate?: SocketGate): void {
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
    wss.prependListener("connection", (ws: WebSocket, req: IncomingMessage) => {
      const users = new Set<string>();
      const emit = ws.emit.bind(ws);
      const address = gate ? clientAddress(req, gate.trustedHeader) : "";
      const lang = req.headers["accept-language"]?.split(",")[0]?.trim();
      const noticed = new Map<LimitNotice, number>();
      const tell = (kind: LimitNotice, locale: string | undefined) => {
        const t = Date.now();
        if (t - (noticed.get(kind) ?? -Infinity) < NOTICE_EVERY_MS || ws.readyState !== ws.OPEN) return;
        noticed.set(kind, t);
        ws.send(JSON.stringify(gate?.notice(kind, locale ?? lang)));
      };
      if (gate && !gate.limits.open(address)) {
        gate.refused("sockets");
        tell("connections", undefined);
        ws.close(1013, "too many connections");
        ws.emit = ((event: string, ...args: unknown[]) => (event === "message" ? false : emit(event, ...args))) as typeof ws.emit;
        return;
      }
      // Frames are handed on in arrival order, also while a new browser id waits for the store lookup.
      let queue: Promise<void> = Promise.resolve();
      const pass = (user: string, args: unknown[], resume: boolean) => {
        const fresh = this.sockets.get(user) !== ws;
        this.sockets.set(user, ws);
        this.unpark(user, ws);
        if (fresh) this.onArrive?.(user, (f) => ws.readyState === ws.OPEN && (ws.send(f), true));
        if (!resume) emit("message", ...args);
      };
      ws.emit = ((event: string, ...args: unknown[]) => {
        if (event !== "message") return emit(event, ...args);
        const frame = frameOf(args[0]);
        if (!frame) return false;
        const { user, locale, resume } = frame;
        if (!gate) {
          users.add(user);
          pass(user, args, resume);
          return true;
        }
        if (!gate.limits.message(address)) {
          gate.refused("messages");
          tell("messages", locale);
          return false;
        }
        queue = queue.then(async () => {
          if (!users.has(user)) {
            const known = await gate.isKnown(user).catch(() => true); // store trouble: do not count it as a new user
            const verdict = gate.limits.admit(address, user, known);
            if (verdict !== "ok") {
              gate.refused(verdict === "too-many-ids" ? "browser-ids" : "new-users");
              tell("connections", locale);
              return;
            }
            users.add(user);
          }
          pass(user, args, resume);
        });
        return true;
      }) as typeof ws.emit;
      ws.on("close", () => {
        if (gate) gate.limits.close(address);
        for (const u of users) if (this.sockets.get(u) === ws) this.sockets.delete(u);
      });
    });
  }

  /** Sends each activity as the web client's message shape (`type`, `text`, channelData fields) to the user's socket. */
  override async sendActivities(context: SendArgs[0], activities: SendArgs[1]): ReturnType<WebAdapter["sendActivities"]> {
    for (const a of activities) {
      const user = a.recipient?.id;
      if (!user) continue;
      const frame = JSON.stringify({ type: a.type, text: a.text, ...a.channelData });
      const ws = this.sockets.get(user);
      if (ws && ws.readyState === ws.OPEN) ws.send(frame);
      else this.park(user, frame); // the page lost its socket mid-turn: it gets this when it is back
    }
    void context;
    return [];
  }

  private park(user: string, frame: string): void {
    const now = Date.now();
    let p = this.parked.get(user);
    if (!p || p.until < now) {
      this.parked.delete(user);
      p = { frames: [], until: 0 };
      this.parked.set(user, p);
      if (this.parked.size > PARK_USERS) this.parked.delete(this.parked.keys().next().value as string);
    }
    p.until = now + PARK_MS;
    if (p.frames.length < PARK_FRAMES) p.frames.push(frame);
  }

  private unpark(user: string, ws: WebSocket): void {
    const p = this.parked.get(user);
    if (!p) return;
    this.parked.delete(user);
    if (p.until >= Date.now()) for (const f of p.frames) ws.send(f);
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
    this.parked.clear();
    const wss = this.wss as WebSocketServer | undefined;
    if (!wss) return;
    for (const ws of wss.clients) ws.terminate();
    await new Promise<void>((resolve) => wss.close(() => resolve()));
  }
}
