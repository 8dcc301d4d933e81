import type { Chat, Message, MessageEntity, Update, User } from "grammy/types";
import { toCommandEvent, type InboundEvent, type UserRef } from "../../src/index.js";

/** The bot as Telegram knows it (from `getMe`). */
export interface BotIdentity {
  id: number;
  username: string;
}

/** Why an update gets no answer. */
export type IgnoreReason =
  | "not-a-message"
  | "no-sender"
  | "from-a-bot"
  | "not-text"
  | "not-addressed"
  | "other-bot";

/** An update turned into an engine event, or the reason it is left alone. */
export type TelegramInbound = { kind: "event"; event: InboundEvent } | { kind: "ignore"; reason: IgnoreReason };

const ignore = (reason: IgnoreReason): TelegramInbound => ({ kind: "ignore", reason });

/** True for chats with more than one person. */
export const isGroupChat = (chat: Pick<Chat, "type">): boolean => chat.type === "group" || chat.type === "supergroup";

const userRef = (from: User, chat: Pick<Chat, "type">): UserRef => ({
  platform: "telegram",
  userId: String(from.id),
  chat: isGroupChat(chat) ? "group" : "private",
});

const base = (from: User, chat: Pick<Chat, "type">) => ({
  user: userRef(from, chat),
  ...(from.language_code ? { localeHint: from.language_code } : {}),
});

const entityText = (text: string, e: MessageEntity) => text.slice(e.offset, e.offset + e.length);

/** `/cmd`, `/cmd@bot` and its arguments when the message starts with a bot command. */
function parseCommand(m: Message & { text: string }): { name: string; at?: string; args: string } | undefined {
  const e = m.entities?.find((x) => x.type === "bot_command" && x.offset === 0);
  if (!e) return undefined;
  const [name = "", at] = entityText(m.text, e).slice(1).split("@");
  return { name: name.toLowerCase(), ...(at ? { at: at.toLowerCase() } : {}), args: m.text.slice(e.length).trim() };
}

/** Mentions of this bot: `@username` entities and text mentions of its user id. */
const mentionsOf = (m: Message & { text: string }, me: BotIdentity) =>
  (m.entities ?? []).filter(
    (e) =>
      (e.type === "mention" && entityText(m.text, e).toLowerCase() === `@${me.username.toLowerCase()}`) ||
      (e.type === "text_mention" && e.user.id === me.id),
  );

/** Removes the given entities from the text (the bot's own mention is not part of the question). */
function without(text: string, entities: readonly MessageEntity[]): string {
  let out = text;
  for (const e of [...entities].sort((a, b) => b.offset - a.offset)) out = out.slice(0, e.offset) + out.slice(e.offset + e.length);
  return out.replace(/\s+/g, " ").trim();
}

/**
 * Turns a Telegram update into an engine event. Private chats get everything; in groups the bot
 * only answers commands, mentions of itself and replies to its own messages, so it stays out of
 * conversations between people. Button presses (callback queries) always become `choice`
 * events, whatever their data: the engine answers unknown ids itself.
 */
export function toTelegramEvent(update: Update, me: BotIdentity): TelegramInbound {
  const q = update.callback_query;
  if (q) {
    const chat = q.message?.chat ?? { type: "private" as const };
    return { kind: "event", event: { ...base(q.from, chat), kind: "choice", choiceId: q.data ?? "" } };
  }
  const m = update.message;
  if (!m) return ignore("not-a-message");
  if (!m.from) return ignore("no-sender");
  if (m.from.is_bot) return ignore("from-a-bot");
  const b = base(m.from, m.chat);
  const group = isGroupChat(m.chat);
  // A forwarded message is someone else's text to check, never a command or a question.
  const forwarded = m.forward_origin !== undefined && !group ? { forwarded: true } : {};
  if (typeof m.text !== "string") {
    // Photos, voice notes, stickers: in a private chat say what the bot can read; in groups stay out.
    if (group) return ignore("not-text");
    if (typeof m.caption === "string" && m.caption.trim()) return { kind: "event", event: { ...b, kind: "text", text: m.caption, ...forwarded } };
    const what = (["photo", "voice", "audio", "video", "sticker", "document", "location", "contact"] as const).find((k) => k in m) ?? "other";
    return { kind: "event", event: { ...b, kind: "unsupported", what } };
  }
  const msg = m as Message & { text: string };
  if (forwarded.forwarded) return { kind: "event", event: { ...b, kind: "text", text: msg.text, forwarded: true } };

  const cmd = parseCommand(msg);
  if (cmd) {
    if (cmd.at && cmd.at !== me.username.toLowerCase()) return ignore("other-bot");
    const event = toCommandEvent(cmd.name, cmd.args, b);
    if (event) return { kind: "event", event };
    // An unknown command in a group is probably for another bot unless it names this one.
    if (group && !cmd.at) return ignore("other-bot");
    return { kind: "event", event: { ...b, kind: "text", text: msg.text } };
  }

  const mentions = mentionsOf(msg, me);
  if (group && mentions.length === 0 && m.reply_to_message?.from?.id !== me.id) return ignore("not-addressed");
  const text = group ? without(msg.text, mentions) : msg.text;
  if (!text.trim()) return { kind: "event", event: { ...b, kind: "start" } };
  return { kind: "event", event: { ...b, kind: "text", text } };
}
