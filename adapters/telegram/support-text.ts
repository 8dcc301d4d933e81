import { escapeMarks, type OpenRequest } from "../../src/index.js";
import { MAX_MESSAGE_CHARS, toHtml, toHtmlChunks } from "./html.js";

/**
 * What the bot writes in the support group, and how it reads the staff's commands there. Pure.
 * Every word comes from the pack's staff texts (the core's one policy for the staff's language).
 */

/** Who asked, as the support group sees them: first name only, never a username or an id. */
export interface TelegramAsker {
  firstName: string;
  /** The handoff began in a group chat (replies still go to the user's private chat). */
  fromGroup: boolean;
}

/** The first name, shortened and shown literally (a display name is whatever the user typed). */
const nameOf = (u: Pick<TelegramAsker, "firstName">) => {
  const n = [...u.firstName.replace(/\s+/g, " ").trim()];
  return escapeMarks(n.length === 0 ? "—" : n.length > 32 ? `${n.slice(0, 31).join("")}…` : n.join(""));
};

const REASON_KEY = { requested: "supportReasonRequested", fallbacks: "supportReasonFallbacks", message: "supportReasonMessage" } as const;

/** The first message of a ticket in the support group (HTML); it carries `#ticket`, so a reply to it finds the ticket. */
export function ticketHeaderHtml(o: Pick<OpenRequest<TelegramAsker>, "ticket" | "reason" | "userLocale" | "staff" | "context">): string {
  const { staff, ticket } = o;
  return [
    `🙋 <b>${toHtml(staff.text("supportTicketTitle", { ticket }))}</b>`,
    toHtml(staff.text("supportTicketFacts", { user: `**${nameOf(o.context)}**`, language: staff.languageName(o.userLocale), reason: staff.text(REASON_KEY[o.reason]) })),
    ...(o.context.fromGroup ? [toHtml(staff.text("supportTicketFromGroup"))] : []),
    `<i>${toHtml(staff.text("supportTicketHelp", { close: `/close ${ticket}` }))}</i>`,
  ].join("\n");
}

/**
 * What the user wrote, for the support group: each message starts with the ticket tag and the
 * first name, so a reply to any piece of it finds the ticket. Split under Telegram's limit.
 */
export function relayHtml(ticket: string, u: Pick<TelegramAsker, "firstName">, text: string): string[] {
  const head = `#${ticket} · ${toHtml(nameOf(u))}:\n`;
  return toHtmlChunks(escapeMarks(text), MAX_MESSAGE_CHARS - head.length).map((part) => head + part);
}

/** A staff notice as HTML. */
export const noticeHtml = (text: string): string => toHtml(text);


/** A bot command at the start of a staff message: `/close`, `/close@bot t7k2m9qx`. */
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
