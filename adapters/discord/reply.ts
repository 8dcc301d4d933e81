import { MessageFlags } from "discord.js";
import { toDiscordCommands } from "./commands/index.js";
import { renderNotice } from "./render.js";

/**
 * A short notice as a message's options: the text rendered like an answer (markup escaped,
 * engine commands named as typed on Discord, no pings), then its `{name}` placeholders filled
 * with Discord markup such as `<#123>` (ids only), which must not be escaped.
 */
export function notice(text: string, markup: Readonly<Record<string, string>> = {}) {
  const m = renderNotice(toDiscordCommands(text));
  return { content: m.content.replace(/\{(\w+)\}/g, (s, k: string) => markup[k] ?? s), allowedMentions: m.allowed_mentions };
}

/** The same notice, seen only by the member who used the command. */
export const ephemeral = (text: string, markup: Readonly<Record<string, string>> = {}) => ({ ...notice(text, markup), flags: MessageFlags.Ephemeral } as const);
