import { ButtonStyle, ComponentType } from "discord.js";
import type { StaffTexts } from "../../src/index.js";
import type { Row } from "./components.js";
import { escapeDiscord, formatText, truncate } from "./format.js";
import { CUSTOM_IDS, LIMITS } from "./limits.js";
import type { DiscordMessage } from "./render.js";
import { str, type StringKey } from "./strings.js";

/** A message in a support thread; only the ticket header may ping, and only the support role. */
export interface ThreadMessage extends Omit<DiscordMessage, "allowed_mentions"> {
  allowed_mentions: { parse: []; roles?: string[] };
}

/** What the ticket header shows. */
export interface TicketHeader {
  ticket: string;
  roleId: string;
  userId: string;
  /** The user's language (the bot's answers to them). */
  userLocale: string;
  /** The staff's texts (the core's policy for their language). */
  staff: StaffTexts;
  reason: "requested" | "fallbacks" | "message";
  /** Redacted text from the user. */
  transcript: readonly string[];
}

/**
 * A Discord-only text rendered with the safe marks, its `{name}` placeholders then replaced by
 * Discord markup built here (mentions of a user, role or channel: ids only, never user text).
 */
export function withMarkup(key: StringKey, locale: string, markup: Record<string, string>, vars: Record<string, string> = {}): string {
  return formatText(str(key, locale, vars)).replace(/\{(\w+)\}/g, (m, k: string) => markup[k] ?? m);
}

/** A staff text rendered with the safe marks, its `{name}` placeholders then replaced by Discord markup (ids only). */
const staffMarkup = (text: string, markup: Record<string, string>): string =>
  formatText(text).replace(/\{(\w+)\}/g, (m, k: string) => markup[k] ?? m);

const REASON_KEY = { requested: "supportReasonRequested", fallbacks: "supportReasonFallbacks", message: "supportReasonMessage" } as const;

/** Redacted user text as a quote, shown literally (no marks, no mentions), cut to `max` characters. */
export function quote(lines: readonly string[], max: number): string {
  const text = lines.join("\n").trim();
  const cut = truncate(text, Math.max(1, max));
  return cut
    .split("\n")
    .map((l) => `> ${escapeDiscord(l)}`)
    .join("\n");
}

/** Room left for a quote in a message holding `used` characters (escaping may double a character). */
const room = (used: number) => Math.floor((LIMITS.content - used - 50) / 2);

/**
 * The first message of a support thread: a single ping of the support role, the ticket, the
 * user (a mention that does not notify), their language, why they asked, what they wrote
 * (redacted), and a Close button for the support team.
 */
export function renderTicketHeader(h: TicketHeader): ThreadMessage {
  const { staff } = h;
  const reason = staff.text(REASON_KEY[h.reason]);
  const head = [
    `<@&${h.roleId}> **${escapeDiscord(staff.text("supportTicketTitle", { ticket: h.ticket }))}**`,
    staffMarkup(staff.text("supportTicketFacts", { language: staff.languageName(h.userLocale), reason }), { user: `<@${h.userId}>` }),
  ];
  const help = formatText(staff.text("supportTicketHelp", { close: "/leak-admin close" }));
  const used = head.join("\n").length + help.length;
  const wrote = h.transcript.join("").trim() ? [formatText(staff.text("supportTicketWrote")), quote(h.transcript, room(used))] : [];
  const close: Row = {
    type: ComponentType.ActionRow,
    components: [{ type: ComponentType.Button, style: ButtonStyle.Danger, custom_id: CUSTOM_IDS.closeTicket(h.ticket), label: truncate(staff.text("supportCloseButton"), LIMITS.buttonLabel) }],
  };
  return {
    content: [...head, ...wrote, help].join("\n"),
    components: [close],
    allowed_mentions: { parse: [], roles: [h.roleId] },
  };
}

/** What the user wrote outside their thread during a handoff (already redacted), for the support team. */
export function renderRelay(userId: string, staff: StaffTexts, transcript: readonly string[]): ThreadMessage {
  const head = staffMarkup(staff.text("supportRelayFrom"), { user: `<@${userId}>` });
  return { content: `${head}\n${quote(transcript, room(head.length))}`, components: [], allowed_mentions: { parse: [] } };
}
