import {
  MessageFlags,
  PermissionFlagsBits,
  Routes,
  type APIInteractionGuildMember,
  type ButtonInteraction,
  type ChatInputCommandInteraction,
  type Client,
  type GuildMember,
  type Message,
} from "discord.js";
import type { Engine, Logger } from "../../src/index.js";
import { isMissingAccess, isThreadGone } from "./errors.js";
import { PLATFORM } from "./inbound.js";
import { renderNotice, renderReplies } from "./render.js";
import type { SupportDesk } from "./support.js";
import { str, type StringKey } from "./strings.js";
import type { TicketBook } from "./tickets.js";

/** What the support team's side needs. */
export interface StaffDeskOptions {
  client: Client;
  engine: Engine;
  tickets: TicketBook;
  desk: SupportDesk;
  logger: Logger;
  roleId?: string;
}

/** The support team's side: taking a ticket by writing in its thread, and closing it. */
export interface StaffDesk {
  /**
   * Handles a message in a thread. Returns false when the thread is not a support thread (the
   * message then goes the usual way). In a support thread nothing reaches the engine: the user's
   * messages are the conversation, and the support team's first message marks the handoff taken.
   */
  onThreadMessage(m: Message): Promise<boolean>;
  /** `/leak-admin close` in a support thread, or its header's Close button (`ticket` from the button). */
  close(i: ButtonInteraction | ChatInputCommandInteraction, ticket: string | undefined, locale: string): Promise<void>;
}

type Member = GuildMember | APIInteractionGuildMember | null | undefined;

const notice = (text: string) => {
  const m = renderNotice(text);
  return { content: m.content, allowedMentions: m.allowed_mentions };
};

/** Creates the support team's side of the desk. */
export function createStaffDesk(o: StaffDeskOptions): StaffDesk {
  const { client, engine, tickets, desk, logger } = o;
  const isStaff = (member: Member) =>
    !!o.roleId && !!member && (Array.isArray(member.roles) ? member.roles.includes(o.roleId) : member.roles.cache.has(o.roleId));

  /** Archives and locks a thread; "archived" without Manage Threads, "open" when even that is refused. */
  async function archive(threadId: string): Promise<"locked" | "archived" | "open"> {
    for (const [body, outcome] of [
      [{ archived: true, locked: true }, "locked"],
      [{ archived: true }, "archived"],
    ] as const) {
      try {
        await client.rest.patch(Routes.channel(threadId), { body });
        return outcome;
      } catch (err) {
        if (!isMissingAccess(err)) throw err;
        logger.warn({ thread: threadId, locked: "locked" in body }, "cannot archive a support thread as asked");
      }
    }
    return "open";
  }

  return {
    async onThreadMessage(m) {
      if (!m.guildId || m.author.bot || !m.channel?.isThread()) return false;
      const t = await tickets.inThread(m.channelId);
      if (!t) return false;
      if (m.author.id === t.userId || !isStaff(m.member)) return true;
      const user = { platform: PLATFORM, userId: t.userId };
      if ((await engine.handoff.active(user))?.status !== "requested") return true;
      const taken = await engine.handoff.take(user);
      if (!taken.changed) return true;
      logger.info({ ticket: t.ticket }, "support ticket taken");
      for (const body of renderReplies(taken.replies, taken.locale)) await desk.post(t.threadId, body);
      return true;
    },

    async close(i, ticketId, locale) {
      const refuse = (key: StringKey) => i.reply({ ...notice(str(key, locale)), flags: MessageFlags.Ephemeral });
      if (!i.guildId) return void (await refuse("guildOnly"));
      const moderator = i.isChatInputCommand() && (i.memberPermissions?.has(PermissionFlagsBits.ManageGuild) ?? false);
      if (!isStaff(i.member) && !moderator) return void (await refuse("needSupportRole"));
      const t = ticketId ? await tickets.get(ticketId) : await tickets.inThread(i.channelId);
      if (!t && !ticketId) return void (await refuse("notSupportThread"));
      await i.deferReply({ flags: MessageFlags.Ephemeral });
      const threadId = t?.threadId ?? i.channelId;
      if (t) {
        const closed = await engine.handoff.close({ platform: PLATFORM, userId: t.userId });
        await tickets.drop(t);
        try {
          if (closed.changed) for (const body of renderReplies(closed.replies, closed.locale)) await desk.post(threadId, body);
        } catch (err) {
          // Closed all the same: the bot answers the user wherever they write next.
          if (!isThreadGone(err)) throw err;
          logger.warn({ ticket: t.ticket }, "cannot post the closing notice in the support thread");
        }
      }
      const state = await archive(threadId);
      const key: StringKey = !t ? "ticketUnknown" : state === "locked" ? "ticketClosed" : state === "archived" ? "ticketClosedUnlocked" : "ticketClosedOpen";
      logger.info({ ticket: t?.ticket, thread: threadId, state }, "support ticket closed");
      await i.editReply(notice(str(key, locale, { ticket: t?.ticket ?? "" })));
    },
  };
}
