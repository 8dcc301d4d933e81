import type { IncomingMessage, Server } from "node:http";
import {
  GatewayDispatchEvents,
  GatewayOpcodes,
  type APIThreadChannel,
  type APIUser,
  type ApplicationFlags,
  type GatewayIdentifyData,
  type GatewayReadyDispatchData,
  type GatewayReceivePayload,
  type GatewaySendPayload,
} from "discord-api-types/v10";
import { WebSocketServer, type WebSocket } from "ws";
import { guildCreate, shardOf, type FakeGuild } from "./payloads.js";

/** A shard as IDENTIFY names it: `[id, count]`; a session without one is `[0, 1]`. */
export type ShardPair = [number, number];

interface Session {
  ws: WebSocket;
  identified: boolean;
  intents: number;
  shard: ShardPair;
  /** The Discord session this connection speaks for (set by READY or RESUME). */
  id?: string;
}

/** A Discord session: it outlives its connections, numbers its dispatches and keeps them for a RESUME. */
interface KnownSession {
  shard: ShardPair;
  intents: number;
  seq: number;
  /** Recent dispatches by sequence number, replayed after the client's last seen one on RESUME. */
  log: { s: number; t: GatewayDispatchEvents; d: unknown }[];
}

/** Dispatches a session keeps for a RESUME (Discord keeps them for a while; a test needs few). */
const REPLAY_LOG = 1000;

/** One dispatch (op 0) the gateway sent, and to which shard's session. */
export interface SentDispatch {
  t: GatewayDispatchEvents;
  shard: ShardPair;
  /** The server it is about, if any. */
  guildId?: string;
}

/** Who the gateway logs in and what it tells them. */
export interface FakeGatewayOptions {
  token: string;
  bot: APIUser;
  applicationId: string;
  /** The servers the bot is in; each shard gets those that fall on it. */
  guilds: readonly FakeGuild[];
  heartbeatMs: number;
  url: () => string;
  /** Active threads, sent in GUILD_CREATE as Discord does. */
  threads: () => APIThreadChannel[];
}

/**
 * The Discord gateway on a loopback WebSocket, speaking v10 JSON: HELLO (op 10), IDENTIFY (op 2)
 * answered by READY and GUILD_CREATE, heartbeats (op 1) acknowledged with op 11, RESUME (op 6)
 * of a session this gateway knows accepted with RESUMED (others refused with INVALID_SESSION so
 * the client identifies again), and dispatches (op 0). `drop()` cuts every connection the way a
 * network failure does, so a client can be seen resuming; as on Discord, the dispatches of a
 * session sent while it had no connection (or lost with the old one) are replayed on RESUME,
 * those after the sequence number the client names, then RESUMED.
 * Sharded like Discord: a session identified with `shard: [id, count]` gets READY with that
 * shard, GUILD_CREATE only for servers with `(guild_id >> 22) % count === id`, and only those
 * servers' dispatches; dispatches without a server (DMs) go to shard 0.
 */
export class FakeGateway {
  readonly identifies: GatewayIdentifyData[] = [];
  /** Every dispatch sent, READY and GUILD_CREATE included, with the shard it went to. */
  readonly sent: SentDispatch[] = [];
  /** Query strings of every connection (`v`, `encoding`, `compress`). */
  readonly connections: URLSearchParams[] = [];
  heartbeats = 0;
  /** Sessions resumed (RESUME accepted) so far. */
  resumes = 0;
  private readonly sessions = new Set<Session>();
  /** Identified sessions by session id, so a dropped client can RESUME. */
  private readonly known = new Map<string, KnownSession>();
  private readonly wss: WebSocketServer;

  constructor(
    server: Server,
    private readonly o: FakeGatewayOptions,
  ) {
    this.wss = new WebSocketServer({ server, path: "/gateway" });
    this.wss.on("connection", (ws, req) => this.accept(ws, req));
  }

  /** The intents of the most recent identified session (Message Content decides what text it sees). */
  get intents(): number {
    return this.identifies.at(-1)?.intents ?? 0;
  }

  /** Number of live, identified sessions. */
  get live(): number {
    return [...this.sessions].filter((s) => s.identified).length;
  }

  /**
   * Sends a dispatch (op 0) to every identified session of the shard it belongs to: the shard of
   * its `guild_id`, or shard 0. Returns the shards it went to.
   */
  dispatch(t: GatewayDispatchEvents, d: unknown): ShardPair[] {
    const guildId = typeof d === "object" && d !== null && "guild_id" in d && typeof d.guild_id === "string" ? d.guild_id : undefined;
    const to = [...this.sessions].filter((s) => s.identified && (guildId ? shardOf(guildId, s.shard[1]) : 0) === s.shard[0]);
    for (const s of to) this.sendDispatch(s, t, d, guildId);
    // A shard whose connection is down: its latest session keeps the dispatch for the RESUME.
    const live = new Set(to.map((s) => s.id));
    const waiting = new Map<string, string>();
    for (const [id, k] of this.known) if ((guildId ? shardOf(guildId, k.shard[1]) : 0) === k.shard[0]) waiting.set(k.shard.join("/"), id);
    for (const id of waiting.values()) if (!live.has(id)) this.logDispatch(this.known.get(id)!, t, d);
    return to.map((s) => s.shard);
  }

  /** Cuts every live connection without a close frame (a network failure); sessions stay resumable. */
  drop(): void {
    for (const s of this.sessions) s.ws.terminate();
  }

  async close(): Promise<void> {
    for (const s of this.sessions) s.ws.terminate();
    await new Promise<void>((resolve) => this.wss.close(() => resolve()));
  }

  private remember(s: Session, id: string, shard: ShardPair, intents: number): string {
    this.known.set(id, { shard, intents, seq: 0, log: [] });
    s.id = id;
    return id;
  }

  private logDispatch(k: KnownSession, t: GatewayDispatchEvents, d: unknown): number {
    const seq = ++k.seq;
    k.log.push({ s: seq, t, d });
    if (k.log.length > REPLAY_LOG) k.log.shift();
    return seq;
  }

  private send(s: Session, payload: GatewayReceivePayload): void {
    s.ws.send(JSON.stringify(payload));
  }

  private sendDispatch(s: Session, t: GatewayDispatchEvents, d: unknown, guildId?: string): void {
    this.sent.push({ t, shard: s.shard, ...(guildId ? { guildId } : {}) });
    const k = s.id ? this.known.get(s.id) : undefined;
    const seq = k ? this.logDispatch(k, t, d) : 0;
    this.send(s, { op: GatewayOpcodes.Dispatch, t, s: seq, d } as GatewayReceivePayload);
  }

  private accept(ws: WebSocket, req: IncomingMessage): void {
    this.connections.push(new URL(req.url ?? "/", "http://x").searchParams);
    const s: Session = { ws, identified: false, intents: 0, shard: [0, 1] };
    this.sessions.add(s);
    ws.on("close", () => this.sessions.delete(s));
    ws.on("message", (raw) => this.receive(s, JSON.parse(String(raw)) as GatewaySendPayload));
    this.send(s, { op: GatewayOpcodes.Hello, d: { heartbeat_interval: this.o.heartbeatMs }, s: null, t: null });
  }

  private receive(s: Session, p: GatewaySendPayload): void {
    switch (p.op) {
      case GatewayOpcodes.Heartbeat:
        this.heartbeats++;
        this.send(s, { op: GatewayOpcodes.HeartbeatAck, d: undefined, s: null, t: null });
        return;
      case GatewayOpcodes.Identify: {
        if (p.d.token.replace(/^Bot /, "") !== this.o.token) return void s.ws.close(4004, "Authentication failed.");
        const [id, count] = p.d.shard ?? [0, 1];
        if (!(count >= 1 && id >= 0 && id < count)) return void s.ws.close(4010, "Invalid shard.");
        this.identifies.push(p.d);
        s.identified = true;
        s.intents = p.d.intents;
        s.shard = [id, count];
        const { bot, applicationId } = this.o;
        const mine = this.o.guilds.filter((g) => shardOf(g.id, count) === id);
        const ready: GatewayReadyDispatchData = {
          v: 10,
          user: bot,
          guilds: mine.map((g) => ({ id: g.id, unavailable: true })),
          session_id: this.remember(s, `session-${this.identifies.length}`, [id, count], p.d.intents),
          resume_gateway_url: this.o.url(),
          shard: [id, count],
          application: { id: applicationId, flags: 0 as ApplicationFlags, flags_new: "0" },
        };
        this.sendDispatch(s, GatewayDispatchEvents.Ready, ready);
        for (const g of mine) {
          const threads = this.o.threads().filter((t) => t.guild_id === g.id);
          this.sendDispatch(s, GatewayDispatchEvents.GuildCreate, guildCreate(g, bot, threads), g.id);
        }
        return;
      }
      case GatewayOpcodes.Resume: {
        const known = this.known.get(p.d.session_id);
        if (!known || p.d.token.replace(/^Bot /, "") !== this.o.token) {
          this.send(s, { op: GatewayOpcodes.InvalidSession, d: false, s: null, t: null });
          return;
        }
        this.resumes++;
        s.identified = true;
        s.intents = known.intents;
        s.shard = known.shard;
        s.id = p.d.session_id;
        for (const e of known.log) if (e.s > p.d.seq) this.send(s, { op: GatewayOpcodes.Dispatch, t: e.t, s: e.s, d: e.d } as GatewayReceivePayload);
        this.sendDispatch(s, GatewayDispatchEvents.Resumed, undefined);
        return;
      }
      default:
        // Presence updates, member requests and voice states are accepted and ignored.
        return;
    }
  }
}
