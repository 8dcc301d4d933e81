import { escapeHtml, MAX_MESSAGE_CHARS } from "./html.js";

/**
 * What the bot writes in the support group, and how it reads the staff's messages there. Pure.
 * The staff's side is in English (the people answering are not the users; the users' side comes
 * from the content pack in their language).
 */

/** Ticket ids: `h` and 7 characters without look-alikes, so they are Telegram hashtags (`#h7k2m9qx`). */
export const TICKET_ALPHABET = "23456789abcdefghjkmnpqrstuvwxyz";
const TICKET = new RegExp(`#?(h[${TICKET_ALPHABET}]{7})(?![0-9a-z_])`, "i");

/** Why a ticket was opened. */
export type TicketReason = "requested" | "fallbacks" | "message";

const REASONS: Record<TicketReason, string> = {
  requested: "asked for a person",
  fallbacks: "the bot could not answer several questions in a row",
  message: "wrote during a handoff that had no open ticket",
};

/** Who asked, as shown to the staff: first name only, never a username or an id. */
export interface TicketUser {
  firstName: string;
  locale: string;
  /** The handoff began in a group chat (replies still go to the user's private chat). */
  fromGroup: boolean;
}

/** The first name, shortened, for the staff (a display name is whatever the user typed). */
const nameOf = (u: Pick<TicketUser, "firstName">) => {
  const n = [...u.firstName.replace(/\s+/g, " ").trim()];
  return n.length === 0 ? "(no name)" : n.length > 32 ? `${n.slice(0, 31).join("")}…` : n.join("");
};

/** The first message of a ticket in the support group (HTML). */
export function ticketHeaderHtml(ticket: string, reason: TicketReason, u: TicketUser): string {
  return [
    `🙋 <b>Handoff</b> #${ticket}: user <b>${escapeHtml(nameOf(u))}</b>, language ${escapeHtml(u.locale)}, reason: ${REASONS[reason]}`,
    ...(u.fromGroup ? ["Asked in a group chat; your replies go to the user's private chat with the bot."] : []),
    `<i>Reply to any message of #${ticket} to answer. Reply /close (or send /close ${ticket}) to hand the user back to the bot.</i>`,
  ].join("\n");
}

/**
 * What the user wrote, for the support group: each message starts with the ticket tag and the
 * first name, so a reply to any piece of it finds the ticket. Split under Telegram's limit.
 */
export function relayHtml(ticket: string, u: Pick<TicketUser, "firstName">, text: string): string[] {
  return splitEscaped(text, (i) => `#${ticket} · ${escapeHtml(nameOf(u))}${i > 0 ? " (cont.)" : ""}:\n`);
}

/** A staff member's answer as the user sees it: the localized label in bold, then the text. */
export function staffAnswerHtml(label: string, text: string): string[] {
  return splitEscaped(text, (i) => (i === 0 ? `<b>${escapeHtml(label)}</b>\n` : ""));
}

/** Notices for the staff, in reply to what they did. */
export const staffNotice = {
  taken: (ticket: string, by: string) => `✅ #${ticket} taken by ${escapeHtml(by)}: your replies now reach the user.`,
  closed: (ticket: string) => `☑️ #${ticket} closed: the bot answers the user again.`,
  notOpen: (ticket: string) => `#${ticket} has ended (closed, expired or the user deleted their data): the bot is answering the user.`,
  unknown: (ticket: string) => `#${ticket} is unknown or older than the tickets kept; nothing was sent.`,
  undeliverable: (ticket: string) =>
    `⚠️ Could not deliver to #${ticket}: the user blocked the bot or never opened a private chat with it.`,
  textOnly: (ticket: string) => `Only text replies reach the user of #${ticket}; nothing was sent.`,
} as const;

/** The ticket id in a text (`#h…` or a bare id), lower-cased; the first one wins. */
export function parseTicket(text: string | undefined): string | undefined {
  return text ? TICKET.exec(text)?.[1]?.toLowerCase() : undefined;
}

/** A bot command at the start of a staff message: `/close`, `/close@bot h7k2m9qx`. */
export function parseStaffCommand(
  text: string,
  entities: readonly { type: string; offset: number; length: number }[] | undefined,
  botUsername: string,
): { name: string; args: string } | "other-bot" | undefined {
  const e = entities?.find((x) => x.type === "bot_command" && x.offset === 0);
  if (!e) return undefined;
  const [name = "", at] = text.slice(1, e.length).split("@");
  if (at && at.toLowerCase() !== botUsername.toLowerCase()) return "other-bot";
  return { name: name.toLowerCase(), args: text.slice(e.length).trim() };
}

/**
 * Escapes `text` and cuts it into messages that fit Telegram's limit with their prefix: cut
 * between characters (never inside an escape or a surrogate pair), at a line end or space when
 * one is near.
 */
export function splitEscaped(text: string, prefix: (i: number) => string, limit = MAX_MESSAGE_CHARS): string[] {
  const chars = [...text.trim()];
  const out: string[] = [];
  let i = 0;
  while (i < chars.length || out.length === 0) {
    const head = prefix(out.length);
    let size = head.length;
    let end = i;
    while (end < chars.length && size + escapeHtml(chars[end] ?? "").length <= limit) size += escapeHtml(chars[end++] ?? "").length;
    if (end < chars.length) {
      const soft = Math.max(chars.lastIndexOf("\n", end - 1), chars.lastIndexOf(" ", end - 1));
      if (soft > i + (end - i) / 2) end = soft + 1;
    }
    if (end === i && i < chars.length) end = i + 1;
    out.push(head + escapeHtml(chars.slice(i, end).join("")).trimEnd());
    i = end;
  }
  return out;
}
