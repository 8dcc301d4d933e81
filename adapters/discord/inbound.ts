import {
  MessageFlags,
  type ButtonInteraction,
  type ChatInputCommandInteraction,
  type Message,
  type MessageContextMenuCommandInteraction,
  type StringSelectMenuInteraction,
} from "discord.js";
import type { InboundEvent, UserRef } from "../../src/index.js";
import { CHECK_MESSAGE, LEAK, LEAK_ADMIN, SUBCOMMAND_TO_ENGINE } from "./commands/index.js";
import { CUSTOM_IDS, closeTicketId, privatePayload } from "./limits.js";
import type { ScamWatchAction } from "./scam-watch.js";
import type { UpdatesChannelAction } from "./updates-channel.js";

/** The platform name in user refs and statistics. */
export const PLATFORM = "discord";

/** The parts of an interaction the adapter reads, as plain data (fixtures build these directly). */
export type InteractionView =
  | (ViewBase & { type: "command"; command: string; subcommand: string | null; options: Readonly<Record<string, string>> })
  | (ViewBase & { type: "component"; customId: string; values: readonly string[]; messageEphemeral: boolean })
  /** A message context-menu command (type 3) and the text of the message it was used on. */
  | (ViewBase & { type: "message-command"; command: string; targetContent: string });

interface ViewBase {
  userId: string;
  guildId: string | null;
  /** The user's client language, e.g. "ko" or "en-US". */
  locale: string;
}

/** What to do with an interaction, decided without touching Discord. */
export type InteractionAction =
  | { kind: "event"; event: InboundEvent }
  /** "Continue privately": answer the mention this button sits under, for the clicker. */
  | { kind: "more"; user: UserRef }
  | { kind: "panel" }
  | { kind: "set-language"; locale: string }
  /** `/leak-admin pack`: the server's default pack, with several packs. */
  | { kind: "set-pack"; pack: string }
  /** `/leak-admin stats`: the support statistics, of Discord or of every channel. */
  | { kind: "stats"; since: string; scope: "discord" | "all" }
  /** Close a support ticket: `/leak-admin close` in its thread, or the Close button (with its ticket). */
  | { kind: "close-ticket"; ticket?: string }
  /** `/leak-admin scam-watch` (adapters/discord/scam-watch.ts). */
  | ScamWatchAction
  /** `/leak-admin updates-channel` (adapters/discord/updates-channel.ts). */
  | UpdatesChannelAction;

type Handled = ChatInputCommandInteraction | ButtonInteraction | StringSelectMenuInteraction | MessageContextMenuCommandInteraction;

/** Reads an interaction into a view. */
export function toInteractionView(i: Handled): InteractionView {
  const base = { userId: i.user.id, guildId: i.guildId, locale: i.locale };
  if (i.isMessageContextMenuCommand()) return { ...base, type: "message-command", command: i.commandName, targetContent: i.targetMessage.content };
  if (i.isChatInputCommand()) {
    const options: Record<string, string> = {};
    for (const o of i.options.data.flatMap((d) => [d, ...(d.options ?? [])])) {
      if (typeof o.value === "string") options[o.name] = o.value;
    }
    return { ...base, type: "command", command: i.commandName, subcommand: i.options.getSubcommand(false), options };
  }
  return {
    ...base,
    type: "component",
    customId: i.customId,
    values: i.isStringSelectMenu() ? i.values : [],
    messageEphemeral: i.message.flags.has(MessageFlags.Ephemeral),
  };
}

/**
 * Maps an interaction to an engine event or an adapter action. Interactions are answered
 * privately (ephemeral in servers, or in DMs), so the user counts as in a private chat.
 */
export function toInteractionAction(v: InteractionView, localeHint: string | undefined): InteractionAction {
  const user: UserRef = { platform: PLATFORM, userId: v.userId, chat: "private" };
  const base = { user, ...(localeHint ? { localeHint } : {}) };
  if (v.type === "message-command") {
    const text = v.targetContent.trim();
    const command = v.command === CHECK_MESSAGE ? "check" : "help";
    return { kind: "event", event: { ...base, kind: "command", command, ...(text && command === "check" ? { args: text } : {}) } };
  }
  if (v.type === "command") {
    if (v.command === LEAK_ADMIN) {
      if (v.subcommand === "panel") return { kind: "panel" };
      if (v.subcommand === "language") return { kind: "set-language", locale: v.options.language ?? "" };
      if (v.subcommand === "pack") return { kind: "set-pack", pack: v.options.pack ?? "" };
      if (v.subcommand === "stats") return { kind: "stats", since: v.options.since?.trim() || "7d", scope: v.options.scope === "all" ? "all" : "discord" };
      if (v.subcommand === "close") return { kind: "close-ticket" };
      if (v.subcommand === "updates-channel") return { kind: "updates-channel", mode: v.options.mode === "off" ? "off" : "on", ...(v.options.channel ? { channel: v.options.channel } : {}) };
      if (v.subcommand === "scam-watch") {
        const o = v.options;
        return { kind: "scam-watch", mode: o.mode === "off" ? "off" : "on", ...(o.channel ? { channel: o.channel } : {}), ...(o.mods ? { mods: o.mods } : {}), remove: o.remove === "yes" };
      }
    }
    // With several packs: `/leak incident` is the engine's `/incident` (the incident menu).
    if (v.command === LEAK && v.subcommand === "incident") return { kind: "event", event: { ...base, kind: "text", text: "/incident" } };
    if (v.command === LEAK && v.subcommand === "ask") return { kind: "event", event: { ...base, kind: "text", text: v.options.question ?? "" } };
    // Anything else (an old registration, a renamed subcommand) gets the help menu.
    const command = (v.command === LEAK && SUBCOMMAND_TO_ENGINE[v.subcommand ?? ""]) || "help";
    const args = command === "language" ? v.options.language : command === "check" ? v.options.message : command === "updates" ? v.options.mode : undefined;
    return { kind: "event", event: { ...base, kind: "command", command, ...(args ? { args } : {}) } };
  }
  if (v.customId === CUSTOM_IDS.more) return { kind: "more", user };
  const ticket = closeTicketId(v.customId);
  if (ticket !== undefined) return { kind: "close-ticket", ticket };
  const payload = privatePayload(v.customId);
  if (payload !== undefined) return { kind: "event", event: { ...base, kind: "start", payload } };
  const choiceId = v.values[0] ?? v.customId;
  return { kind: "event", event: { ...base, kind: "choice", choiceId } };
}

/** The parts of a message the adapter reads. */
export interface MessageView {
  authorId: string;
  /** Bots, webhooks and system messages are never answered. */
  fromBot: boolean;
  guildId: string | null;
  content: string;
  mentionsBot: boolean;
}

/** Reads a message into a view; `botId` is the bot's own user id. */
export function toMessageView(m: Message, botId: string): MessageView {
  return {
    authorId: m.author.id,
    fromBot: m.author.bot || m.system || m.webhookId !== null,
    guildId: m.guildId,
    content: m.content,
    mentionsBot: m.mentions.users.has(botId),
  };
}

/** Removes the bot's mention (`<@id>` or `<@!id>`) from a message. */
export const stripMention = (content: string, botId: string): string => content.replace(new RegExp(`<@!?${botId}>`, "g"), " ").trim();

/**
 * Maps a message to an event: every DM, and server messages that mention the bot (a "group"
 * chat: the answer there is public). Returns undefined for messages the bot must ignore.
 */
export function toMessageEvent(v: MessageView, botId: string, localeHint?: string): InboundEvent | undefined {
  if (v.fromBot) return undefined;
  if (v.guildId && !v.mentionsBot) return undefined;
  const user: UserRef = { platform: PLATFORM, userId: v.authorId, chat: v.guildId ? "group" : "private" };
  const base = { user, ...(localeHint ? { localeHint } : {}) };
  const text = stripMention(v.content, botId);
  return text ? { ...base, kind: "text", text } : { ...base, kind: "start" };
}
