import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import {
  ChannelType,
  GatewayDispatchEvents,
  Locale,
  PermissionFlagsBits,
  type APIInteraction,
  type APIMessage,
  type APIThreadChannel,
  type APIUser,
} from "discord-api-types/v10";
import { FakeGateway, type ShardPair } from "./gateway.js";
import { chatInput, component, member, message, snowflake, snowflakeOnShard, user, type FakeGuild, type Place } from "./payloads.js";
import { FakeRest, type RecordedCall } from "./rest.js";

export type { RecordedCall } from "./rest.js";
export type { SentDispatch, ShardPair } from "./gateway.js";

/** How {@link FakeDiscord.start} sets the fake up. */
export interface FakeDiscordOptions {
  /** Heartbeat interval the gateway asks for (default 45 s). */
  heartbeatMs?: number;
  /** What `GET /gateway/bot` returns as the gateway (to test `DISCORD_GATEWAY_URL`). */
  advertisedGateway?: string;
  /** Shards `GET /gateway/bot` recommends (default 1). */
  shards?: number;
  /** Servers the bot is in (default 1); server i falls on shard `i % shards`. */
  guilds?: number;
}

const BOT = PermissionFlagsBits.ViewChannel | PermissionFlagsBits.SendMessages | PermissionFlagsBits.ManageMessages;
const THREADS = PermissionFlagsBits.CreatePrivateThreads | PermissionFlagsBits.SendMessagesInThreads;

/**
 * Permissions of a member with Manage Server and of one without; of the bot, of a bot that may
 * only read, and of a bot that may not open private threads.
 */
export const PERMS = {
  member: String(PermissionFlagsBits.ViewChannel | PermissionFlagsBits.SendMessages),
  moderator: String(PermissionFlagsBits.ViewChannel | PermissionFlagsBits.SendMessages | PermissionFlagsBits.ManageGuild),
  bot: String(BOT | THREADS),
  botReadOnly: String(PermissionFlagsBits.ViewChannel),
  botNoThreads: String(BOT),
};

/**
 * A local Discord: REST (`/api/v10`, {@link FakeRest}) and the gateway ({@link FakeGateway}) on
 * one loopback port, with one server (or several, spread over shards), each with one text
 * channel. It plays users: slash commands, button clicks, select choices and messages, and lets
 * a test wait for the bot's REST calls.
 */
export class FakeDiscord {
  readonly token = "fake.discord.token-for-tests-only";
  readonly applicationId = snowflake();
  readonly bot: APIUser = user(snowflake(), "afterleak", true);
  /** The servers; `guild` is the first. */
  readonly guilds: FakeGuild[];
  readonly rest: FakeRest;
  readonly gateway: FakeGateway;
  private readonly server: Server;

  private constructor(o: FakeDiscordOptions) {
    const shards = o.shards ?? 1;
    this.guilds = Array.from({ length: o.guilds ?? 1 }, (_, i) => ({
      id: snowflakeOnShard(i % shards, shards),
      name: i === 0 ? "Test server" : `Test server ${i + 1}`,
      channelId: snowflake(),
      supportRoleId: snowflake(),
    }));
    this.rest = new FakeRest({
      token: this.token,
      applicationId: this.applicationId,
      bot: this.bot,
      gatewayUrl: () => o.advertisedGateway ?? this.gatewayUrl,
      shards,
      intents: () => this.gateway.intents,
      guildOf: (channelId) => (this.guilds.find((g) => g.channelId === channelId) ?? this.guild).id,
      threadCreated: (t) => this.gateway.dispatch(GatewayDispatchEvents.ThreadCreate, { ...t, newly_created: true }),
    });
    this.server = createServer((req, res) => void this.rest.handle(req, res));
    this.gateway = new FakeGateway(this.server, {
      token: this.token,
      bot: this.bot,
      applicationId: this.applicationId,
      guilds: this.guilds,
      heartbeatMs: o.heartbeatMs ?? 45_000,
      url: () => this.gatewayUrl,
      threads: () => [...this.rest.threads.values()].filter((t) => !t.thread_metadata?.archived),
    });
  }

  /** Starts the fake on a free loopback port. */
  static async start(opts: FakeDiscordOptions = {}): Promise<FakeDiscord> {
    const fake = new FakeDiscord(opts);
    await new Promise<void>((resolve) => fake.server.listen(0, "127.0.0.1", resolve));
    return fake;
  }

  /** The first server (the only one unless `guilds` was given). */
  get guild(): FakeGuild {
    return this.guilds[0] as FakeGuild;
  }

  get port(): number {
    return (this.server.address() as AddressInfo).port;
  }
  /** What `DISCORD_API_ROOT` / discord.js `rest.api` should be. */
  get apiRoot(): string {
    return `http://127.0.0.1:${this.port}/api`;
  }
  get gatewayUrl(): string {
    return `ws://127.0.0.1:${this.port}/gateway`;
  }
  get calls(): RecordedCall[] {
    return this.rest.calls;
  }
  get messages(): Map<string, APIMessage> {
    return this.rest.messages;
  }
  get denySend(): Set<string> {
    return this.rest.denySend;
  }
  get dmClosed(): Set<string> {
    return this.rest.dmClosed;
  }
  get denyDelete(): Set<string> {
    return this.rest.denyDelete;
  }
  get threads(): Map<string, APIThreadChannel> {
    return this.rest.threads;
  }

  async close(): Promise<void> {
    await this.gateway.close();
    this.server.closeAllConnections();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }

  /** Resolves with the first call after `from` (an index into `calls`) that matches. */
  async waitFor(match: (c: RecordedCall) => boolean, from = 0, timeoutMs = 5000): Promise<RecordedCall> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const hit = this.calls.slice(from).find(match);
      if (hit) return hit;
      if (Date.now() > deadline) {
        throw new Error(`no matching Discord call within ${timeoutMs} ms; calls: ${this.since(from).map((c) => `${c.method} ${c.path}`).join(", ")}`);
      }
      await new Promise<void>((resolve) => {
        const t = setTimeout(() => (off(), resolve()), 50);
        const off = this.rest.onCall(() => (clearTimeout(t), off(), resolve()));
      });
    }
  }

  /** Waits until the client has an identified gateway session. */
  async waitForSession(timeoutMs = 5000): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    while (this.gateway.live === 0) {
      if (Date.now() > deadline) throw new Error("the client never identified");
      await new Promise((r) => setTimeout(r, 20));
    }
  }

  /** Calls after `mark` (as returned by the helpers). */
  since(mark: number): RecordedCall[] {
    return this.calls.slice(mark);
  }

  /** A place in the test server: the member's permissions and the bot's in that channel. */
  inGuild(permissions = PERMS.member, appPermissions = PERMS.bot, channelId?: string): Place {
    return { guild: this.guild, permissions, appPermissions, ...(channelId ? { channelId } : {}) };
  }
  /** The channel of another server (or of the first), for a member with `permissions`. */
  inServer(guild: FakeGuild, permissions = PERMS.member): Place {
    return { guild, permissions, appPermissions: PERMS.bot };
  }
  /** A place in a thread of a server's channel (default the first server), for a member with `roles`. */
  inThread(threadId: string, opts: { permissions?: string; roles?: string[]; guild?: FakeGuild } = {}): Place {
    const guild = opts.guild ?? this.guild;
    return { guild, permissions: opts.permissions ?? PERMS.member, appPermissions: PERMS.bot, channelId: threadId, thread: true, roles: opts.roles ?? [] };
  }
  /** The bot's DM with `u`. */
  inDm(u: APIUser): Place {
    return { dmChannelId: this.rest.dmChannel(u.id) };
  }

  /** A user runs `/name subcommand …`; resolves with the interaction's callback call. */
  async slash(u: APIUser, name: string, subcommand: string | undefined, options: Record<string, string> = {}, place = this.inGuild(), locale = Locale.EnglishUS) {
    return this.interact(chatInput({ applicationId: this.applicationId, user: u, place, locale, name, ...(subcommand ? { subcommand } : {}), options }));
  }

  /** A user clicks a button (or picks `values` in a select menu) on a message. */
  async click(u: APIUser, msg: APIMessage, customId: string, opts: { place?: Place; values?: string[]; locale?: Locale } = {}) {
    const guild = this.guilds.find((g) => g.channelId === msg.channel_id);
    const place = opts.place ?? (guild ? this.inServer(guild) : this.inDm(u));
    const values = opts.values ? { values: opts.values } : {};
    return this.interact(component({ applicationId: this.applicationId, user: u, place, message: msg, customId, locale: opts.locale ?? Locale.EnglishUS, ...values }));
  }

  /**
   * Dispatches an interaction (INTERACTION_CREATE) to the shard of its server and waits for its
   * callback; `shards` are the sessions it went to.
   */
  async interact(interaction: APIInteraction): Promise<{ interaction: APIInteraction; callback: RecordedCall; mark: number; shards: ShardPair[] }> {
    const mark = this.calls.length;
    this.rest.expect(interaction);
    const shards = this.gateway.dispatch(GatewayDispatchEvents.InteractionCreate, interaction);
    const callback = await this.waitFor((c) => c.path === `/interactions/${interaction.id}/${interaction.token}/callback`, mark);
    return { interaction, callback, mark, shards };
  }

  /** The message an interaction's response created or updated. */
  responseMessage(interaction: APIInteraction): APIMessage {
    const m = this.rest.original(interaction.token);
    if (!m) throw new Error(`interaction ${interaction.id} has no response message`);
    return m;
  }

  /**
   * A member with `roles` posts in a thread (MESSAGE_CREATE with the thread's channel type). The
   * bot gets the text only when it is mentioned, as without the Message Content intent.
   */
  postInThread(author: APIUser, threadId: string, content: string, roles: string[] = []): { message: APIMessage; mark: number; shards: ShardPair[] } {
    const mark = this.calls.length;
    const thread = this.threads.get(threadId);
    const m = message({ channel_id: threadId, author, content });
    this.messages.set(m.id, m);
    const where = { channel_type: thread?.type ?? ChannelType.PrivateThread, guild_id: thread?.guild_id ?? this.guild.id, member: { ...member(author), roles } };
    const shards = this.gateway.dispatch(GatewayDispatchEvents.MessageCreate, { ...this.rest.visible(m), ...where });
    return { message: m, mark, shards };
  }

  /** A user posts a message (MESSAGE_CREATE) in the server channel, or in their DM with the bot. */
  post(author: APIUser, content: string, opts: { mentionBot?: boolean; dm?: boolean } = {}): { message: APIMessage; mark: number; shards: ShardPair[] } {
    const mark = this.calls.length;
    const channelId = opts.dm ? this.rest.dmChannel(author.id) : this.guild.channelId;
    const m = message({ channel_id: channelId, author, content, mentions: opts.mentionBot ? [this.bot] : [] });
    this.messages.set(m.id, m);
    const where = opts.dm
      ? { channel_type: ChannelType.DM }
      : { channel_type: ChannelType.GuildText, guild_id: this.guild.id, member: { roles: [], joined_at: new Date(0).toISOString(), deaf: false, mute: false, flags: 0 } };
    const shards = this.gateway.dispatch(GatewayDispatchEvents.MessageCreate, { ...this.rest.visible(m), ...where });
    return { message: m, mark, shards };
  }
}
