import { ChannelType, Routes, ThreadAutoArchiveDuration, type APIThreadChannel, type Client, type PermissionsBitField } from "discord.js";
import {
  SupportUnreachableError,
  serializeError,
  type Carried,
  type EngineResult,
  type Logger,
  type SupportTransport,
} from "../../src/index.js";
import { missingOf, permissionNames, type ChannelPermission } from "./admin.js";
import { isThreadGone, isThreadRefusal, isUnknownMember } from "./errors.js";
import { renderReplies } from "./render.js";
import { renderRelay, renderTicketHeader, withMarkup, type ThreadMessage } from "./support-text.js";
import { str } from "./strings.js";

/** Who asked, and where: what the Discord transport needs to open a thread. */
export interface Asker {
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

/** What the transport needs. */
export interface DiscordTransportOptions {
  client: Client;
  logger: Logger;
  /** The support team's role (`SUPPORT_DISCORD_ROLE_ID`), pinged once per ticket. */
  roleId: string;
  /** Where threads are opened (`SUPPORT_DISCORD_CHANNEL_ID`); unset: where the user asked. */
  channelId?: string;
}

/** Opening a private thread needs these in its parent channel. */
const THREAD_PERMISSIONS: ChannelPermission[] = ["ViewChannel", "CreatePrivateThreads", "SendMessagesInThreads"];

/** A platform error meaning the support place or the user cannot be reached. */
export const isUnreachable = (err: unknown): boolean => isThreadRefusal(err) || isThreadGone(err) || isUnknownMember(err);

/**
 * The core support desk's transport on Discord: a ticket is a private thread with the user and
 * the support team in it (the user reads the staff there, so `postToUser` posts in the thread).
 * Refusals become {@link SupportUnreachableError}s that tell the user why, in their language.
 */
export function createDiscordTransport(o: DiscordTransportOptions): SupportTransport<Asker> {
  const { client, logger } = o;
  const rest = client.rest;
  const post = async (threadId: string, body: ThreadMessage) => void (await rest.post(Routes.channelMessages(threadId), { body }));

  /** Removes a thread that could not be set up; best effort, as the failure is reported anyway. */
  async function discard(threadId: string): Promise<void> {
    try {
      await rest.delete(Routes.channel(threadId));
    } catch (err) {
      logger.warn({ thread: threadId, err: serializeError(err) }, "could not remove an unfinished support thread");
    }
  }

  return {
    async openConversation(r) {
      const locale = r.userLocale;
      const parent = o.channelId ?? (r.context.guildId ? r.context.channelId : null);
      if (!parent) throw new SupportUnreachableError(str("dmNoThread", locale));
      if (!o.channelId && r.context.appPermissions !== undefined) {
        const missing = missingOf(r.context.appPermissions, THREAD_PERMISSIONS);
        if (missing.length) throw new SupportUnreachableError(str("threadNoPermission", locale, { missing: permissionNames(missing, locale) }));
      }
      let thread: APIThreadChannel;
      try {
        const body = { name: `support ${r.ticket}`, type: ChannelType.PrivateThread, invitable: false, auto_archive_duration: ThreadAutoArchiveDuration.OneWeek };
        thread = (await rest.post(Routes.threads(parent), { body })) as APIThreadChannel;
      } catch (err) {
        if (!isThreadRefusal(err)) throw err;
        throw new SupportUnreachableError(str("threadRefused", locale), { cause: err });
      }
      try {
        await rest.put(Routes.threadMembers(thread.id, r.user.userId));
        await post(thread.id, renderTicketHeader({ ticket: r.ticket, roleId: o.roleId, userId: r.user.userId, userLocale: locale, staff: r.staff, reason: r.reason, transcript: r.transcript }));
      } catch (err) {
        await discard(thread.id);
        if (isUnknownMember(err)) throw new SupportUnreachableError(str("threadNotInServer", locale), { cause: err });
        if (!isThreadRefusal(err)) throw err;
        throw new SupportUnreachableError(str("threadRefused", locale), { cause: err });
      }
      return { place: thread.id };
    },
    async postToStaff(r) {
      if (!r.place) throw new SupportUnreachableError(str("threadGone", r.userLocale));
      try {
        await post(r.place, renderRelay(r.user.userId, r.staff, r.transcript));
      } catch (err) {
        if (!isThreadGone(err)) throw err;
        throw new SupportUnreachableError(str("threadGone", r.userLocale), { cause: err });
      }
    },
    async postToUser(_user, result, where) {
      if (!where.place) return;
      for (const body of renderReplies(result.replies, result.locale)) await post(where.place, body);
    },
    isUnreachable,
  };
}

/**
 * What the user sees of a turn the desk carried out, on Discord: the conversation is in the
 * thread, so the engine's "write here" notice gives way to a link to it.
 */
export function toAnswer(c: Carried): Answer {
  const { result } = c;
  const thread = (c.opened ?? c.relayed)?.place;
  if (!thread) return result;
  const link = { thread: `<#${thread}>` };
  const key = c.opened ? "threadOpened" : c.relayed?.again ? "threadIsHere" : "relayed";
  const replies = result.replies.filter((r) => !(r.kind === "text" && r.handoffNotice === "requested"));
  return { ...result, replies, notes: [withMarkup(key, result.locale, link)] };
}
