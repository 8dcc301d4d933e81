import { GrammyError, type Api } from "grammy";
import type { Message } from "grammy/types";
import { createSupportDesk, parseTicketId, type Engine, type Logger, type StaffOutcome, type SupportDesk, type SupportTransport } from "../../src/index.js";
import { deliver } from "./deliver.js";
import type { BotIdentity } from "./inbound.js";
import { renderTelegram } from "./render.js";
import { noticeHtml, parseStaffCommand, relayHtml, ticketHeaderHtml, type TelegramAsker } from "./support-text.js";

export type { TelegramAsker };

/** Why a message in the support group got no action. */
export type StaffIgnoreReason = "from-a-bot" | "other-bot" | "other-command" | "not-a-reply" | "no-ticket";

/** What a message in the support group led to, for the log (never its text). */
export type StaffUpdateOutcome = { ignored: StaffIgnoreReason } | { ticket: string; action: StaffOutcome["code"] | "text-only" };

/** The Telegram side of the core's support desk: the support group, and the desk over it. */
export interface TelegramSupport {
  /** The support group's chat id (unset: no support group, every request gets the official contact). */
  chatId?: number;
  desk: SupportDesk<TelegramAsker>;
  /** Handles a message in the support group: a reply to a ticket goes to its user, `/close` ends it. */
  onStaffMessage(m: Message, me: BotIdentity): Promise<StaffUpdateOutcome>;
}

const html = { parse_mode: "HTML" as const, link_preview_options: { is_disabled: true } };

/** Telegram refused: the user blocked the bot or never started it, or the bot is not in the support group / it does not exist. */
export const isUnreachable = (err: unknown): boolean =>
  err instanceof GrammyError && (err.error_code === 403 || (err.error_code === 400 && /chat not found|not enough rights|have no rights|kicked/i.test(err.description)));

/**
 * The support transport over the support group: a ticket is a header message tagged `#ticket`,
 * what the user writes follows under the same tag, and a staff member's reply to any of them
 * answers. Nothing per message is stored: the ticket is read from the replied-to message, so
 * tickets work across restarts and instances.
 */
function createGroupTransport(api: Api, chatId: number, botUsername: string, logger: Logger): SupportTransport<TelegramAsker> {
  const post = (text: string) => api.sendMessage(chatId, text, html);
  return {
    async openConversation(o) {
      await post(ticketHeaderHtml(o));
      const text = o.transcript.join("\n").trim();
      if (text) for (const part of relayHtml(o.ticket, o.context, text)) await post(part);
      return {};
    },
    async postToStaff(o) {
      for (const part of relayHtml(o.ticket, o.context, o.transcript.join("\n").trim())) await post(part);
    },
    async postToUser(user, result) {
      const chat = Number(user.userId);
      await deliver(api, renderTelegram(result.replies, { botUsername, canEdit: false }), { chatId: chat, userId: chat, group: false }, logger);
    },
    isUnreachable,
  };
}

/** Creates the Telegram support side: the desk (with a transport when a support group is configured) and the staff handler. */
export function createTelegramSupport(o: { api: Api; chatId?: number; engine: Engine; botUsername: () => string; logger: Logger }): TelegramSupport {
  const { api, chatId, engine, logger } = o;
  const transport = chatId === undefined ? undefined : lazyTransport(() => createGroupTransport(api, chatId, o.botUsername(), logger));
  const desk = createSupportDesk<TelegramAsker>({ engine, logger, ...(transport ? { transport } : {}) });
  const notice = (m: Message, text: string) =>
    api.sendMessage(m.chat.id, noticeHtml(text), { ...html, reply_parameters: { message_id: m.message_id, allow_sending_without_reply: true } });
  const report = async (m: Message, out: StaffOutcome): Promise<StaffUpdateOutcome> => {
    if (out.notice) await notice(m, out.notice);
    return { ticket: out.ticket, action: out.code };
  };

  return {
    ...(chatId !== undefined ? { chatId } : {}),
    desk,
    async onStaffMessage(m, me) {
      // Anonymous admins post as the group itself, through Telegram's GroupAnonymousBot: still staff.
      const anonymous = m.sender_chat?.id === chatId;
      if (!m.from || (m.from.is_bot && !anonymous)) return { ignored: "from-a-bot" };
      const cmd = typeof m.text === "string" ? parseStaffCommand(m.text, m.entities, me.username) : undefined;
      if (cmd === "other-bot") return { ignored: "other-bot" };
      const replied = m.reply_to_message;
      const repliedTicket = replied?.from?.id === me.id ? parseTicketId(replied.text ?? replied.caption) : undefined;
      if (cmd) {
        if (cmd.name !== "close") return { ignored: "other-command" };
        const ticket = parseTicketId(cmd.args) ?? repliedTicket;
        return ticket ? report(m, await desk.close(ticket)) : { ignored: "no-ticket" };
      }
      if (!repliedTicket) return { ignored: "not-a-reply" };
      if (typeof m.text !== "string") {
        await notice(m, desk.staff.text("supportTextOnly", { ticket: repliedTicket }));
        return { ticket: repliedTicket, action: "text-only" };
      }
      const by = anonymous ? m.author_signature : m.from.first_name;
      return report(m, await desk.answer(repliedTicket, m.text, by));
    },
  };
}

/** The transport needs the bot's username, known only after `bot.init()`. */
function lazyTransport<C>(make: () => SupportTransport<C>): SupportTransport<C> {
  let t: SupportTransport<C> | undefined;
  const get = () => (t ??= make());
  return {
    openConversation: (o) => get().openConversation(o),
    postToStaff: (o) => get().postToStaff(o),
    postToUser: (user, result, o) => get().postToUser(user, result, o),
    isUnreachable,
  };
}
