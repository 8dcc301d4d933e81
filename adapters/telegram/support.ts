import { GrammyError, type Api } from "grammy";
import type { Message } from "grammy/types";
import { ui, type Engine, type HandoffUser, type Logger, type Reply } from "../../src/index.js";
import type { BotIdentity } from "./inbound.js";
import { deliver } from "./deliver.js";
import { errorSummary } from "./errors.js";
import { renderTelegram } from "./render.js";
import { parseStaffCommand, parseTicket, relayHtml, staffAnswerHtml, staffNotice, ticketHeaderHtml, type TicketUser } from "./support-text.js";
import type { TicketBook } from "./tickets.js";

/** A `handoff` reply of the engine. */
export type HandoffReply = Extract<Reply, { kind: "handoff" }>;

/** The user whose handoff replies are relayed. */
export interface Asker extends TicketUser {
  userId: number;
}

/** Why a message in the support group got no action. */
export type StaffIgnoreReason = "from-a-bot" | "other-bot" | "other-command" | "not-a-reply" | "no-ticket";

/** What a message in the support group led to, for the log (never its text). */
export type StaffOutcome =
  | { ignored: StaffIgnoreReason }
  | { ticket: string; action: "answered" | "closed" | "undeliverable" | "unknown" | "not-open" | "text-only" };

/** The bridge between users in handoff and people in the support group. */
export interface SupportDesk {
  /** The support group's chat id: its messages go to {@link SupportDesk.onStaffMessage}, never to the engine. */
  chatId: number;
  /** Relays one update's `handoff` replies into the support group (opening a ticket for a new request). */
  relay(api: Api, who: Asker, replies: readonly HandoffReply[]): Promise<void>;
  /** Handles a message in the support group: a reply to a ticket goes to its user, `/close` ends it. */
  onStaffMessage(api: Api, m: Message, me: BotIdentity): Promise<StaffOutcome>;
}

/** What the support desk needs. */
export interface SupportDeskOptions {
  chatId: number;
  engine: Engine;
  tickets: TicketBook;
  logger: Logger;
}

const html = { parse_mode: "HTML" as const, link_preview_options: { is_disabled: true } };

/** Telegram refused to write to the user: they blocked the bot or never started it. */
const isUnreachable = (err: unknown) => err instanceof GrammyError && (err.error_code === 403 || /chat not found/i.test(err.description));

/**
 * Creates the support desk. A ticket is opened for every new request, with a header (first name,
 * language, reason) and the redacted transcript; what the user writes during the handoff follows
 * under the same `#ticket` tag. A staff member's reply to any message of a ticket reaches the
 * user (the first one marks the handoff taken); `/close` hands the user back to the bot. The
 * ticket is read from the replied-to message of the bot itself, so nothing per message is stored
 * and tickets work across restarts and instances.
 */
export function createSupportDesk(o: SupportDeskOptions): SupportDesk {
  const { chatId, engine, tickets, logger } = o;
  const userOf = (chat: number): HandoffUser => ({ platform: "telegram", userId: String(chat) });

  const post = (api: Api, text: string) => api.sendMessage(chatId, text, html);
  const notice = (api: Api, m: Message, text: string) =>
    api.sendMessage(chatId, text, { ...html, reply_parameters: { message_id: m.message_id, allow_sending_without_reply: true } });
  const toUser = async (api: Api, me: BotIdentity, chat: number, replies: readonly Reply[]) => {
    const ops = renderTelegram(replies, { botUsername: me.username, canEdit: false });
    await deliver(api, ops, { chatId: chat, userId: chat, group: false }, logger);
  };

  async function answer(api: Api, me: BotIdentity, m: Message & { text: string }, ticket: string): Promise<StaffOutcome> {
    const chat = await tickets.chatOf(ticket);
    if (chat === undefined) {
      await notice(api, m, staffNotice.unknown(ticket));
      return { ticket, action: "unknown" };
    }
    const user = userOf(chat);
    if (!(await engine.handoff.active(user))) {
      await notice(api, m, staffNotice.notOpen(ticket));
      return { ticket, action: "not-open" };
    }
    const taken = await engine.handoff.take(user);
    try {
      await toUser(api, me, chat, taken.replies);
      for (const part of staffAnswerHtml(ui(engine.pack, "handoffSupportLabel", taken.locale), m.text)) await api.sendMessage(chat, part, html);
    } catch (err) {
      if (!isUnreachable(err)) throw err;
      logger.warn({ ticket, err: errorSummary(err) }, "telegram: support reply undeliverable");
      await notice(api, m, staffNotice.undeliverable(ticket));
      return { ticket, action: "undeliverable" };
    }
    const by = m.sender_chat?.id === chatId ? (m.author_signature ?? "an anonymous admin") : (m.from?.first_name ?? "staff");
    if (taken.changed) await notice(api, m, staffNotice.taken(ticket, by));
    return { ticket, action: "answered" };
  }

  async function close(api: Api, me: BotIdentity, m: Message, ticket: string): Promise<StaffOutcome> {
    const chat = await tickets.chatOf(ticket);
    if (chat === undefined) {
      await notice(api, m, staffNotice.unknown(ticket));
      return { ticket, action: "unknown" };
    }
    const closed = await engine.handoff.close(userOf(chat));
    await tickets.drop(ticket, chat);
    if (!closed.changed) {
      await notice(api, m, staffNotice.notOpen(ticket));
      return { ticket, action: "not-open" };
    }
    try {
      await toUser(api, me, chat, closed.replies);
    } catch (err) {
      if (!isUnreachable(err)) throw err;
      // Closed all the same: the bot answers the user whenever they come back.
      logger.warn({ ticket, err: errorSummary(err) }, "telegram: closing notice undeliverable");
    }
    await notice(api, m, staffNotice.closed(ticket));
    return { ticket, action: "closed" };
  }

  return {
    chatId,
    async relay(api, who, replies) {
      for (const r of replies) {
        let ticket = r.reason === "message" ? await tickets.ticketOf(who.userId) : undefined;
        if (!ticket) {
          ticket = await tickets.open(who.userId);
          await post(api, ticketHeaderHtml(ticket, r.reason, who));
        }
        const text = r.transcript.join("\n").trim();
        if (text) for (const part of relayHtml(ticket, who, text)) await post(api, part);
      }
    },
    async onStaffMessage(api, m, me) {
      // Anonymous admins post as the group itself, through Telegram's GroupAnonymousBot: still staff.
      const anonymous = m.sender_chat?.id === chatId;
      if (!m.from || (m.from.is_bot && !anonymous)) return { ignored: "from-a-bot" };
      const cmd = typeof m.text === "string" ? parseStaffCommand(m.text, m.entities, me.username) : undefined;
      if (cmd === "other-bot") return { ignored: "other-bot" };
      const replied = m.reply_to_message;
      const repliedTicket = replied?.from?.id === me.id ? parseTicket(replied.text ?? replied.caption) : undefined;
      if (cmd) {
        if (cmd.name !== "close") return { ignored: "other-command" };
        const ticket = parseTicket(cmd.args) ?? repliedTicket;
        return ticket ? close(api, me, m, ticket) : { ignored: "no-ticket" };
      }
      if (!repliedTicket) return { ignored: "not-a-reply" };
      if (typeof m.text !== "string") {
        await notice(api, m, staffNotice.textOnly(repliedTicket));
        return { ticket: repliedTicket, action: "text-only" };
      }
      return answer(api, me, m as Message & { text: string }, repliedTicket);
    },
  };
}
