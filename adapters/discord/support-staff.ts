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
import type { Engine, Logger, SupportDesk } from "../../src/index.js";
import { isMissingAccess } from "./errors.js";
import { PLATFORM } from "./inbound.js";
import { ephemeral, notice } from "./reply.js";
import type { Asker } from "./support.js";
import { str, type StringKey } from "./strings.js";

/** What the support team's side needs. */
export interface StaffDeskOptions {
  client: Client;
  engine: Engine;
  desk: SupportDesk<Asker>;
  logger: Logger;
  roleId?: string;
}

/** The support team's side on Discord: taking a ticket by writing in its thread, and closing it. */
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


const ARCHIVE_NOTE: Record<"locked" | "archived" | "open", StringKey> = { locked: "threadLocked", archived: "threadArchivedUnlocked", open: "threadNotArchived" };

/** Creates the support team's side over the core's support desk. */
export function createStaffDesk(o: StaffDeskOptions): StaffDesk {
  const { client, engine, desk, logger } = o;
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
      const ticket = await desk.ticketIn(PLATFORM, m.channelId);
      if (!ticket) return false;
      if (!isStaff(m.member)) return true;
      const info = await engine.handoff.byTicket(ticket);
      if (info?.status !== "requested" || info.user.userId === m.author.id) return true;
      await desk.take(ticket);
      return true;
    },

    async close(i, ticketId, locale) {
      const refuse = (key: StringKey) => i.reply(ephemeral(str(key, locale)));
      if (!i.guildId) return void (await refuse("guildOnly"));
      const moderator = i.isChatInputCommand() && (i.memberPermissions?.has(PermissionFlagsBits.ManageGuild) ?? false);
      if (!isStaff(i.member) && !moderator) return void (await refuse("needSupportRole"));
      const ticket = ticketId ?? (await desk.ticketIn(PLATFORM, i.channelId));
      if (!ticket) return void (await refuse("notSupportThread"));
      await i.deferReply({ flags: MessageFlags.Ephemeral });
      const closed = await desk.close(ticket);
      const state = await archive(closed.place ?? i.channelId);
      logger.info({ ticket, code: closed.code, state }, "support ticket closed");
      await i.editReply(notice(`${closed.notice ?? ""} ${str(ARCHIVE_NOTE[state], desk.staff.locale)}`.trim()));
    },
  };
}
