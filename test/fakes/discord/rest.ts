import type { IncomingMessage, ServerResponse } from "node:http";
import {
  ChannelType,
  ThreadAutoArchiveDuration,
  GatewayIntentBits,
  InteractionResponseType,
  MessageFlags,
  MessageType,
  type APIInteraction,
  type APIInteractionResponse,
  type APIMessage,
  type APIThreadChannel,
  type APIUser,
  type ChannelFlags,
} from "discord-api-types/v10";
import { message, snowflake, user } from "./payloads.js";

/** One REST request the bot made, as the fake received it. */
export interface RecordedCall {
  method: string;
  /** Path after `/api/v10`, decoded, e.g. `/webhooks/1/tok/messages/@original`. */
  path: string;
  query: Record<string, string>;
  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- bodies are asserted field by field
  body: any;
  status: number;
}

class HttpError {
  constructor(
    readonly status: number,
    readonly code: number,
    readonly message: string,
  ) {}
}

/** What the REST side needs from the rest of the fake. */
export interface FakeRestOptions {
  token: string;
  applicationId: string;
  bot: APIUser;
  /** What `GET /gateway/bot` advertises: the gateway, and how many shards to run. */
  gatewayUrl: () => string;
  shards: number;
  /** Intents of the live gateway session (Message Content decides what text the bot sees). */
  intents: () => number;
  /** The server a channel belongs to (threads are opened in it). */
  guildOf: (channelId: string) => string;
  /** Called when the bot opened a thread (the gateway then sends THREAD_CREATE). */
  threadCreated: (t: APIThreadChannel) => void;
}

/** An error Discord answers with. */
export interface FakeError {
  status: number;
  code: number;
  message: string;
}

/**
 * A fault the next `times` calls matching `method` (any when unset) and `path` answer with instead
 * of their result: a 5xx, or a 429 with `retryAfterS` (Discord's body and headers, not global).
 */
export interface FakeFault {
  method?: string;
  path: RegExp;
  status: number;
  retryAfterS?: number;
  times: number;
}

/**
 * Discord's REST API (`/api/v10`) for the routes a bot uses: gateway discovery, interaction
 * callbacks and webhooks (original response, follow-ups), channel messages (create, fetch,
 * delete), DMs, command registration and private threads (create, fetch, add a member, archive
 * and lock, delete). It keeps the messages it is sent, records every call
 * and answers with Discord's error codes: 401, 403/50013 Missing Permissions, 403/50007 closed
 * DMs, 404/10008 Unknown Message, 404/10062 Unknown interaction, 400/40060 already acknowledged.
 */
export class FakeRest {
  readonly calls: RecordedCall[] = [];
  readonly messages = new Map<string, APIMessage>();
  /** Channels where the bot may not post, users whose DMs are closed, channels where it may not delete. */
  readonly denySend = new Set<string>();
  readonly dmClosed = new Set<string>();
  readonly denyDelete = new Set<string>();
  /** Threads the bot opened (deleted ones removed), and who was added to each. */
  readonly threads = new Map<string, APIThreadChannel>();
  readonly threadMembers = new Map<string, Set<string>>();
  /** What Discord answers when the bot opens a thread in a channel, instead of the thread. */
  readonly threadRefusals = new Map<string, FakeError>();
  /** Users who are not members of the server (they cannot join its threads). */
  readonly notMembers = new Set<string>();
  /** Whether the bot has Manage Threads (needed to lock and to delete threads). */
  manageThreads = true;
  /** Injected faults (see {@link FakeFault}), used up in order. */
  readonly faults: FakeFault[] = [];
  private readonly deletedThreads = new Set<string>();
  private readonly interactions = new Map<string, { interaction: APIInteraction; original?: string }>();
  private readonly dmChannels = new Map<string, string>();
  private readonly listeners = new Set<() => void>();

  constructor(private readonly o: FakeRestOptions) {}

  /** Calls `fn` after every recorded call; returns an unsubscribe function. */
  onCall(fn: () => void): () => void {
    this.listeners.add(fn);
    return () => this.listeners.delete(fn);
  }

  /** Makes an interaction's token known, as Discord does when it dispatches the interaction. */
  expect(interaction: APIInteraction): void {
    this.interactions.set(interaction.token, { interaction });
  }

  /** The message an interaction's response created or updated. */
  original(token: string): APIMessage | undefined {
    const id = this.interactions.get(token)?.original;
    return id ? this.messages.get(id) : undefined;
  }

  /** The DM channel id between the bot and a user. */
  dmChannel(userId: string): string {
    let id = this.dmChannels.get(userId);
    if (!id) this.dmChannels.set(userId, (id = snowflake()));
    return id;
  }

  /** What Discord shows a bot without the Message Content intent: text only where it is addressed. */
  visible(m: APIMessage): APIMessage {
    const privileged = (this.o.intents() & GatewayIntentBits.MessageContent) !== 0;
    const dm = [...this.dmChannels.values()].includes(m.channel_id);
    const addressed = dm || m.author.id === this.o.bot.id || m.mentions.some((u) => u.id === this.o.bot.id);
    return privileged || addressed ? m : { ...m, content: "", embeds: [], attachments: [], components: [] };
  }

  /** The node:http request listener. */
  async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = new URL(req.url ?? "/", "http://x");
    const chunks: Buffer[] = [];
    for await (const c of req) chunks.push(c as Buffer);
    const text = Buffer.concat(chunks).toString("utf8");
    const call: RecordedCall = {
      method: req.method ?? "GET",
      path: decodeURIComponent(url.pathname).replace(/^\/api\/v\d+/, ""),
      query: Object.fromEntries(url.searchParams),
      body: text ? JSON.parse(text) : undefined,
      status: 200,
    };
    const fault = this.faults.find((f) => f.times > 0 && (!f.method || f.method === call.method) && f.path.test(call.path));
    if (fault) {
      fault.times--;
      call.status = fault.status;
      this.calls.push(call);
      for (const fn of this.listeners) fn();
      const limited = fault.status === 429;
      const retry = fault.retryAfterS ?? 0.1;
      res.writeHead(fault.status, {
        "content-type": "application/json",
        ...(limited ? { "retry-after": String(Math.ceil(retry)), "x-ratelimit-scope": "user", "x-ratelimit-global": "false" } : {}),
      });
      res.end(JSON.stringify(limited ? { message: "You are being rate limited.", retry_after: retry, global: false } : { message: "Bad Gateway", code: 0 }));
      return;
    }
    let out: unknown;
    try {
      const auth = req.headers.authorization;
      const open = call.path.startsWith("/interactions/") || call.path.startsWith("/webhooks/");
      if (!open && auth !== `Bot ${this.o.token}`) throw new HttpError(401, 0, "401: Unauthorized");
      out = this.route(call);
    } catch (err) {
      if (!(err instanceof HttpError)) throw err;
      call.status = err.status;
      out = { message: err.message, code: err.code };
    }
    if (out === undefined && call.status === 200) call.status = 204;
    this.calls.push(call);
    for (const fn of this.listeners) fn();
    res.writeHead(call.status, out === undefined ? {} : { "content-type": "application/json" });
    res.end(out === undefined ? undefined : JSON.stringify(out));
  }

  private route(c: RecordedCall): unknown {
    const p = c.path;
    const m = (re: RegExp) => re.exec(p);
    let r: RegExpExecArray | null;
    if (c.method === "GET" && p === "/gateway/bot") {
      return { url: this.o.gatewayUrl(), shards: this.o.shards, session_start_limit: { total: 1000, remaining: 999, reset_after: 60_000, max_concurrency: 1 } };
    }
    if (c.method === "GET" && p === "/users/@me") return this.o.bot;
    if (c.method === "GET" && (p === "/applications/@me" || p === "/oauth2/applications/@me")) return { id: this.o.applicationId, name: "afterleak" };
    if (c.method === "PUT" && (r = m(/^\/applications\/(\d+)\/(?:guilds\/(\d+)\/)?commands$/))) {
      if (r[1] !== this.o.applicationId) throw new HttpError(403, 50001, "Missing Access");
      return (c.body as { name: string }[]).map((cmd) => ({ ...cmd, id: snowflake(), application_id: this.o.applicationId, version: snowflake() }));
    }
    if (c.method === "POST" && (r = m(/^\/interactions\/(\d+)\/([^/]+)\/callback$/))) return this.callback(r[2] ?? "", c.body as APIInteractionResponse);
    if ((r = m(/^\/webhooks\/(\d+)\/([^/]+)(?:\/messages\/([^/]+))?$/))) return this.webhook(c, r[2] ?? "", r[3]);
    if (c.method === "POST" && (r = m(/^\/channels\/(\d+)\/messages$/))) return this.createMessage(r[1] ?? "", c.body as Partial<APIMessage> & { message_reference?: { message_id: string } });
    if ((r = m(/^\/channels\/(\d+)\/messages\/(\d+)$/))) {
      const msg = this.messages.get(r[2] ?? "");
      if (!msg || msg.channel_id !== r[1]) throw new HttpError(404, 10008, "Unknown Message");
      if (c.method === "GET") return this.visible(msg);
      if (c.method === "DELETE") {
        if (this.denyDelete.has(msg.channel_id)) throw new HttpError(403, 50013, "Missing Permissions");
        this.messages.delete(msg.id);
        return undefined;
      }
    }
    if (c.method === "POST" && p === "/users/@me/channels") {
      const recipient = (c.body as { recipient_id: string }).recipient_id;
      return { id: this.dmChannel(recipient), type: ChannelType.DM, recipients: [user(recipient, "someone")], last_message_id: null, flags: 0 };
    }
    if (c.method === "POST" && (r = m(/^\/channels\/(\d+)\/typing$/))) return undefined;
    if (c.method === "POST" && (r = m(/^\/channels\/(\d+)\/threads$/))) return this.createThread(r[1] ?? "", c.body as Record<string, unknown>);
    if (c.method === "PUT" && (r = m(/^\/channels\/(\d+)\/thread-members\/(\d+)$/))) {
      const t = this.thread(r[1] ?? "");
      if (this.notMembers.has(r[2] ?? "")) throw new HttpError(404, 10007, "Unknown Member");
      this.threadMembers.get(t.id)?.add(r[2] ?? "");
      return undefined;
    }
    if ((r = m(/^\/channels\/(\d+)$/)) && c.method === "GET") return this.thread(r[1] ?? "");
    if ((r = m(/^\/channels\/(\d+)$/)) && (c.method === "PATCH" || c.method === "DELETE")) {
      const t = this.thread(r[1] ?? "");
      if (!this.manageThreads && (c.method === "DELETE" || (c.body as { locked?: boolean }).locked)) throw new HttpError(403, 50013, "Missing Permissions");
      if (c.method === "DELETE") {
        this.threads.delete(t.id);
        this.deletedThreads.add(t.id);
        return t;
      }
      const { archived, locked } = c.body as { archived?: boolean; locked?: boolean };
      const meta = t.thread_metadata;
      if (meta) Object.assign(meta, archived === undefined ? {} : { archived }, locked === undefined ? {} : { locked });
      return t;
    }
    throw new HttpError(404, 0, "404: Not Found");
  }

  private thread(id: string): APIThreadChannel {
    const t = this.threads.get(id);
    if (!t) throw new HttpError(404, 10003, "Unknown Channel");
    return t;
  }

  private createThread(parentId: string, body: Record<string, unknown>): APIThreadChannel {
    const refusal = this.threadRefusals.get(parentId);
    if (refusal) throw new HttpError(refusal.status, refusal.code, refusal.message);
    if (body.type !== ChannelType.PrivateThread && body.type !== ChannelType.PublicThread) throw new HttpError(400, 50035, "Invalid Form Body: type");
    if (typeof body.name !== "string" || body.name.length < 1 || body.name.length > 100) throw new HttpError(400, 50035, "Invalid Form Body: name");
    const now = new Date().toISOString();
    const t: APIThreadChannel = {
      id: snowflake(),
      type: body.type,
      guild_id: this.o.guildOf(parentId),
      parent_id: parentId,
      name: body.name,
      owner_id: this.o.bot.id,
      last_message_id: null,
      rate_limit_per_user: 0,
      message_count: 0,
      member_count: 1,
      total_message_sent: 0,
      flags: 0 as ChannelFlags,
      thread_metadata: {
        archived: false,
        auto_archive_duration: (body.auto_archive_duration as ThreadAutoArchiveDuration | undefined) ?? ThreadAutoArchiveDuration.OneDay,
        archive_timestamp: now,
        locked: false,
        invitable: body.invitable !== false,
        create_timestamp: now,
      },
    };
    this.threads.set(t.id, t);
    this.threadMembers.set(t.id, new Set([this.o.bot.id]));
    this.o.threadCreated(t);
    return t;
  }

  private createMessage(channelId: string, body: Partial<APIMessage> & { message_reference?: { message_id: string } }): APIMessage {
    if (this.denySend.has(channelId)) throw new HttpError(403, 50013, "Missing Permissions");
    if (this.deletedThreads.has(channelId)) throw new HttpError(404, 10003, "Unknown Channel");
    const meta = this.threads.get(channelId)?.thread_metadata;
    if (meta?.locked) throw new HttpError(403, 160005, "Thread is locked");
    if (meta) meta.archived = false;
    const recipient = [...this.dmChannels].find(([, id]) => id === channelId)?.[0];
    if (recipient && this.dmClosed.has(recipient)) throw new HttpError(403, 50007, "Cannot send messages to this user");
    const ref = body.message_reference;
    const msg = message({
      channel_id: channelId,
      author: this.o.bot,
      content: body.content ?? "",
      components: body.components ?? [],
      ...(ref ? { type: MessageType.Reply, message_reference: { message_id: ref.message_id, channel_id: channelId } } : {}),
    });
    this.messages.set(msg.id, msg);
    return msg;
  }

  private callback(token: string, body: APIInteractionResponse): undefined {
    const entry = this.interactions.get(token);
    if (!entry) throw new HttpError(404, 10062, "Unknown interaction");
    if (entry.original && body.type !== InteractionResponseType.UpdateMessage) throw new HttpError(400, 40060, "Interaction has already been acknowledged.");
    const { interaction } = entry;
    const channelId = interaction.channel?.id ?? "";
    switch (body.type) {
      case InteractionResponseType.ChannelMessageWithSource:
      case InteractionResponseType.DeferredChannelMessageWithSource: {
        const data = (body.data ?? {}) as Partial<APIMessage>;
        const loading = body.type === InteractionResponseType.DeferredChannelMessageWithSource ? MessageFlags.Loading : 0;
        const msg = message({
          channel_id: channelId,
          author: this.o.bot,
          content: data.content ?? "",
          components: data.components ?? [],
          flags: ((data.flags ?? 0) | loading) as MessageFlags,
          webhook_id: this.o.applicationId,
          application_id: this.o.applicationId,
        });
        this.messages.set(msg.id, msg);
        entry.original = msg.id;
        return undefined;
      }
      case InteractionResponseType.UpdateMessage:
      case InteractionResponseType.DeferredMessageUpdate: {
        const target = interaction.message && this.messages.get(interaction.message.id);
        if (!target) throw new HttpError(400, 50035, "Invalid Form Body: no message to update");
        if (body.type === InteractionResponseType.UpdateMessage) Object.assign(target, pickMessage((body.data ?? {}) as Partial<APIMessage>), { edited_timestamp: new Date().toISOString() });
        entry.original = target.id;
        return undefined;
      }
      default:
        throw new HttpError(400, 50035, `unsupported callback type ${body.type}`);
    }
  }

  private webhook(c: RecordedCall, token: string, messageId: string | undefined): APIMessage | undefined {
    const entry = this.interactions.get(token);
    if (!entry) throw new HttpError(404, 10015, "Unknown Webhook");
    const channelId = entry.interaction.channel?.id ?? "";
    if (c.method === "POST" && !messageId) {
      const data = c.body as Partial<APIMessage>;
      const msg = message({ channel_id: channelId, author: this.o.bot, content: data.content ?? "", components: data.components ?? [], flags: (data.flags ?? 0) as MessageFlags, webhook_id: this.o.applicationId });
      this.messages.set(msg.id, msg);
      return msg;
    }
    const id = messageId === "@original" ? entry.original : messageId;
    const msg = id ? this.messages.get(id) : undefined;
    if (!msg) throw new HttpError(404, 10008, "Unknown Message");
    if (c.method === "PATCH") {
      Object.assign(msg, pickMessage(c.body as Partial<APIMessage>), { flags: ((msg.flags ?? 0) & ~MessageFlags.Loading) as MessageFlags });
      return msg;
    }
    if (c.method === "GET") return msg;
    throw new HttpError(405, 0, "405: Method Not Allowed");
  }
}

function pickMessage(data: Partial<APIMessage>): Partial<APIMessage> {
  const out: Partial<APIMessage> = {};
  if (data.content !== undefined) out.content = data.content;
  if (data.components !== undefined) out.components = data.components;
  return out;
}

