import { ChannelType, Routes, ThreadAutoArchiveDuration, type APIThreadChannel, type Client, type PermissionsBitField } from "discord.js";
import { ui, type Engine, type EngineResult, type Logger, type Reply } from "../../src/index.js";
import { missingOf, permissionNames, type ChannelPermission } from "./admin.js";
import { isThreadGone, isThreadRefusal, isUnknownMember } from "./errors.js";
import type { GuildSettings } from "./guild-settings.js";
import { PLATFORM } from "./inbound.js";
import { renderRelay, renderTicketHeader, withMarkup, type ThreadMessage } from "./support-text.js";
import { str } from "./strings.js";
import { newTicket, type TicketBook } from "./tickets.js";

/** A `handoff` reply of the engine. */
export type HandoffReply = Extract<Reply, { kind: "handoff" }>;

/** Who asked, and where. */
export interface Asker {
  userId: string;
  /** The server, or null in a DM. */
  guildId: string | null;
  /** The channel the user wrote in (for a thread, its parent); null in a DM. */
  channelId: string | null;
  /** The bot's permissions in that channel, when Discord says (interactions). */
  appPermissions?: Readonly<PermissionsBitField> | null;
}

/** An engine result ready for Discord, with markup to show after the replies (a link to the support thread). */
export interface Answer extends EngineResult {
  notes?: string[];
}

/** What the desk needs. */
export interface SupportDeskOptions {
  client: Client;
  engine: Engine;
  tickets: TicketBook;
  settings: GuildSettings;
  logger: Logger;
  /** The support team's role (`SUPPORT_DISCORD_ROLE_ID`); unset: nobody to hand over to. */
  roleId?: string;
  /** Where threads are opened (`SUPPORT_DISCORD_CHANNEL_ID`); unset: where the user asked. */
  channelId?: string;
}

/** Opening a private thread needs these in its parent channel. */
const THREAD_PERMISSIONS: ChannelPermission[] = ["ViewChannel", "CreatePrivateThreads", "SendMessagesInThreads"];

type Opened = { threadId: string } | { why: string };

/** The user side of the support desk: opens tickets as private threads and relays to them. */
export interface SupportDesk {
  /**
   * Carries out the `handoff` replies of a result: a new request opens a private thread (the
   * user gets a link to it), a message during a handoff goes into that thread. When no thread can
   * be opened or reached, the handoff ends and the user gets the official contact instead.
   */
  present(result: EngineResult, who: Asker): Promise<Answer>;
  /** The support side's language in a server (its default language, else English). */
  staffLocale(guildId: string | null | undefined): Promise<string>;
  /** Posts a message in a thread. */
  post(threadId: string, body: ThreadMessage): Promise<void>;
}

/** Creates the support desk. */
export function createSupportDesk(o: SupportDeskOptions): SupportDesk {
  const { client, engine, tickets, logger } = o;
  const rest = client.rest;
  const post = async (threadId: string, body: ThreadMessage) => void (await rest.post(Routes.channelMessages(threadId), { body }));
  const staffLocale = async (guildId: string | null | undefined) => (guildId ? await o.settings.locale(guildId) : undefined) ?? "en";
  const threadLink = (id: string) => ({ thread: `<#${id}>` });

  /** A thread's server: cached where the thread's shard runs; on another shard (a DM is on shard 0), asked of Discord. */
  async function guildOfThread(threadId: string): Promise<string | undefined> {
    const cached = client.channels.cache.get(threadId);
    if (cached) return cached.isDMBased() ? undefined : cached.guildId;
    // Gone or unreadable: the post that follows finds out and ends the ticket.
    const data = (await rest.get(Routes.channel(threadId)).catch(() => undefined)) as { guild_id?: string } | undefined;
    return data?.guild_id;
  }

  /** Removes a thread that could not be set up; best effort, as the failure is reported anyway. */
  async function discard(threadId: string): Promise<void> {
    try {
      await rest.delete(Routes.channel(threadId));
    } catch (err) {
      logger.warn({ thread: threadId, err: (err as Error).message }, "could not remove an unfinished support thread");
    }
  }

  async function open(reason: "requested" | "fallbacks", transcript: readonly string[], who: Asker, locale: string): Promise<Opened> {
    if (!o.roleId) return { why: str("noSupportTeam", locale) };
    const parent = o.channelId ?? (who.guildId ? who.channelId : null);
    if (!parent) return { why: str("dmNoThread", locale) };
    if (!o.channelId && who.appPermissions !== undefined) {
      const missing = missingOf(who.appPermissions, THREAD_PERMISSIONS);
      if (missing.length) return { why: str("threadNoPermission", locale, { missing: permissionNames(missing, locale) }) };
    }
    const ticket = newTicket();
    let thread: APIThreadChannel;
    try {
      const body = { name: `support ${ticket}`, type: ChannelType.PrivateThread, invitable: false, auto_archive_duration: ThreadAutoArchiveDuration.OneWeek };
      thread = (await rest.post(Routes.threads(parent), { body })) as APIThreadChannel;
    } catch (err) {
      if (!isThreadRefusal(err)) throw err;
      logger.warn({ channel: parent, err: (err as Error).message }, "Discord refused a private support thread");
      return { why: str("threadRefused", locale) };
    }
    try {
      await rest.put(Routes.threadMembers(thread.id, who.userId));
      await tickets.open({ ticket, threadId: thread.id, userId: who.userId });
      const header = renderTicketHeader({ ticket, roleId: o.roleId, userId: who.userId, userLocale: locale, staffLocale: await staffLocale(thread.guild_id), reason, transcript });
      await post(thread.id, header);
    } catch (err) {
      await discard(thread.id);
      const ticketNow = await tickets.get(ticket);
      if (ticketNow) await tickets.drop(ticketNow);
      if (isUnknownMember(err)) return { why: str("threadNotInServer", locale) };
      if (!isThreadRefusal(err)) throw err;
      logger.warn({ thread: thread.id, err: (err as Error).message }, "Discord refused to set up a support thread");
      return { why: str("threadRefused", locale) };
    }
    logger.info({ ticket, thread: thread.id, reason }, "support thread opened");
    return { threadId: thread.id };
  }

  async function relay(transcript: readonly string[], who: Asker): Promise<{ threadId: string } | undefined> {
    const t = await tickets.ofUser(who.userId);
    if (!t) return undefined;
    if (!transcript.join("").trim()) return t;
    try {
      await post(t.threadId, renderRelay(who.userId, await staffLocale(await guildOfThread(t.threadId)), transcript));
    } catch (err) {
      if (!isThreadGone(err)) throw err;
      logger.warn({ ticket: t.ticket, err: (err as Error).message }, "the support thread is gone");
      await tickets.drop(t);
      return undefined;
    }
    return t;
  }

  return {
    staffLocale,
    post,
    async present(result, who) {
      const { locale } = result;
      const requested = ui(engine.pack, "handoffRequested", locale);
      const taken = ui(engine.pack, "handoffTaken", locale);
      const handoffs = result.replies.filter((r): r is HandoffReply => r.kind === "handoff");
      const repeated = result.replies.some((r) => r.kind === "text" && (r.text === requested || r.text === taken));
      if (!handoffs.length && !repeated) return result;
      // The engine's "write here" does not fit Discord, where the conversation is in the thread.
      const replies = result.replies.filter((r) => r.kind !== "handoff" && !(r.kind === "text" && r.text === requested));
      const notes: string[] = [];
      const fail = async (why: string) => {
        const ended = await engine.handoff.unavailable({ platform: PLATFORM, userId: who.userId });
        replies.push({ kind: "text", text: why }, ...ended.replies);
      };
      const opened = async (reason: "requested" | "fallbacks", transcript: readonly string[]) => {
        const r = await open(reason, transcript, who, locale);
        if ("threadId" in r) notes.push(withMarkup("threadOpened", locale, threadLink(r.threadId)));
        else await fail(r.why);
      };
      if (!handoffs.length) {
        // Asked again during a handoff: point to the thread, or open one if none could be opened before.
        const t = await tickets.ofUser(who.userId);
        if (t) notes.push(withMarkup("threadIsHere", locale, threadLink(t.threadId)));
        else await opened("requested", []);
      }
      for (const h of handoffs) {
        if (h.reason !== "message") {
          await opened(h.reason, h.transcript);
          continue;
        }
        const t = await relay(h.transcript, who);
        if (t) notes.push(withMarkup("relayed", locale, threadLink(t.threadId)));
        else await fail(str("threadGone", locale));
      }
      return { ...result, replies, notes };
    },
  };
}
