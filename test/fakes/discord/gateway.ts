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
import { guildCreate, type FakeGuild } from "./payloads.js";

interface Session {
  ws: WebSocket;
  seq: number;
  identified: boolean;
  intents: number;
}

/** Who the gateway logs in and what it tells them. */
export interface FakeGatewayOptions {
  token: string;
  bot: APIUser;
  applicationId: string;
  guild: FakeGuild;
  heartbeatMs: number;
  url: () => string;
  /** Active threads, sent in GUILD_CREATE as Discord does. */
  threads: () => APIThreadChannel[];
}

/**
 * The Discord gateway on a loopback WebSocket, speaking v10 JSON: HELLO (op 10), IDENTIFY (op 2)
 * answered by READY and GUILD_CREATE, heartbeats (op 1) acknowledged with op 11, RESUME (op 6)
 * refused with INVALID_SESSION so the client identifies again, and dispatches (op 0).
 */
export class FakeGateway {
  readonly identifies: GatewayIdentifyData[] = [];
  /** Query strings of every connection (`v`, `encoding`, `compress`). */
  readonly connections: URLSearchParams[] = [];
  heartbeats = 0;
  private readonly sessions = new Set<Session>();
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

  /** Sends a dispatch (op 0) to every identified session. */
  dispatch(t: GatewayDispatchEvents, d: unknown): void {
    for (const s of this.sessions) if (s.identified) this.send(s, { op: GatewayOpcodes.Dispatch, t, s: ++s.seq, d } as GatewayReceivePayload);
  }

  async close(): Promise<void> {
    for (const s of this.sessions) s.ws.terminate();
    await new Promise<void>((resolve) => this.wss.close(() => resolve()));
  }

  private send(s: Session, payload: GatewayReceivePayload): void {
    s.ws.send(JSON.stringify(payload));
  }

  private accept(ws: WebSocket, req: IncomingMessage): void {
    this.connections.push(new URL(req.url ?? "/", "http://x").searchParams);
    const s: Session = { ws, seq: 0, identified: false, intents: 0 };
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
        this.identifies.push(p.d);
        s.identified = true;
        s.intents = p.d.intents;
        const { bot, guild, applicationId } = this.o;
        this.send(s, {
          op: GatewayOpcodes.Dispatch,
          t: GatewayDispatchEvents.Ready,
          s: ++s.seq,
          d: {
            v: 10,
            user: bot,
            guilds: [{ id: guild.id, unavailable: true }],
            session_id: `session-${this.identifies.length}`,
            resume_gateway_url: this.o.url(),
            shard: [0, 1],
            application: { id: applicationId, flags: 0 as ApplicationFlags, flags_new: "0" },
          } satisfies GatewayReadyDispatchData,
        });
        this.send(s, { op: GatewayOpcodes.Dispatch, t: GatewayDispatchEvents.GuildCreate, s: ++s.seq, d: guildCreate(guild, bot, this.o.threads()) });
        return;
      }
      case GatewayOpcodes.Resume:
        this.send(s, { op: GatewayOpcodes.InvalidSession, d: false, s: null, t: null });
        return;
      default:
        // Presence updates, member requests and voice states are accepted and ignored.
        return;
    }
  }
}
