import { GatewayIntentBits, Routes, type ChatInputCommandInteraction, type Client, type Message } from "discord.js";
import { createScamWatchBook, toPackLocale, watchText, type Engine, type Logger, type ScamWatchBook, type Store } from "../../src/index.js";
import { moderatorRefusal } from "./admin.js";
import { toDiscordCommands } from "./commands/index.js";
import { isMissingAccess } from "./errors.js";
import { formatText } from "./format.js";
import { ephemeral } from "./reply.js";
import { PLATFORM } from "./inbound.js";
import { str } from "./strings.js";

/** `/leak-admin scam-watch` as the adapter read it. */
export interface ScamWatchAction {
  kind: "scam-watch";
  mode: "on" | "off";
  /** The channel to watch (default: where the command was used). */
  channel?: string;
  /** The moderators' channel for the details. */
  mods?: string;
  remove: boolean;
}

/** What the watch needs on Discord. */
export interface DiscordWatchDeps {
  client: Client;
  engine: Engine;
  book: ScamWatchBook;
  logger: Logger;
}

/** The server's watch settings, kept in the store (channel ids only). */
export const createDiscordWatchBook = (store: Store, engine: Engine): ScamWatchBook => createScamWatchBook(store, engine.pseudonym);

/** Whether the client asked for the Message Content intent (needed to read a watched channel). */
export const hasMessageContent = (client: Client): boolean => client.options.intents.has(GatewayIntentBits.MessageContent);


/**
 * `/leak-admin scam-watch`: turns the watch on or off for a channel of this server. Refuses
 * members without Manage Server; without the Message Content intent it explains how to enable it
 * (the pack's words) and changes nothing.
 */
export async function setScamWatch(i: ChatInputCommandInteraction, a: ScamWatchAction, d: DiscordWatchDeps, locale: string): Promise<void> {
  const refusal = moderatorRefusal(i);
  if (refusal || !i.guildId) return void (await i.reply(ephemeral(str(refusal ?? "guildOnly", locale))));
  const pack = d.engine.pack;
  if (a.mode === "on" && !hasMessageContent(d.client)) return void (await i.reply(ephemeral(watchText(pack, "scamWatchNeedsIntent", locale))));
  const channel = a.channel ?? i.channelId;
  const now = await d.book.get(PLATFORM, i.guildId);
  const channels = (now?.channels ?? []).filter((c) => c !== channel);
  if (a.mode === "off") {
    await d.book.set(PLATFORM, i.guildId, channels.length && now ? { ...now, channels } : undefined);
    return void (await i.reply(ephemeral(watchText(pack, "scamWatchOff", locale))));
  }
  const modChannel = a.mods ?? now?.modChannel;
  await d.book.set(PLATFORM, i.guildId, { channels: [...channels, channel], ...(modChannel ? { modChannel } : {}), remove: a.remove });
  const mods = modChannel ? `<#${modChannel}>` : watchText(pack, "scamWatchNoMods", locale);
  const text = `${watchText(pack, "scamWatchOn", locale)}\n${watchText(pack, a.remove ? "scamWatchRemoveOn" : "scamWatchRemoveOff", locale)}`;
  await i.reply(ephemeral(text, { channels: `<#${channel}>`, mods }));
}

/**
 * Checks a server message in a watched channel (the core decides, see `watchMessage`): replies
 * with the warning (no pings, not even the author), posts the details to the moderators' channel,
 * and removes the message only when removal is on. Returns whether the watch acted.
 */
export async function onWatchedMessage(m: Message, d: DiscordWatchDeps, serverLocale: string | undefined): Promise<boolean> {
  if (!m.guildId || m.author.bot || m.system || m.webhookId !== null || !m.content) return false;
  const settings = await d.book.get(PLATFORM, m.guildId);
  if (!settings) return false;
  const pack = d.engine.pack;
  const locale = toPackLocale(pack, serverLocale) ?? pack.meta.defaultLocale;
  const channel = m.channel?.isThread() ? (m.channel.parentId ?? m.channelId) : m.channelId;
  const alert = await d.engine.watch({ platform: PLATFORM, place: channel, text: m.content, locale, settings });
  if (!alert) return false;
  const none = { parse: [] as [], replied_user: false };
  await d.client.rest.post(Routes.channelMessages(m.channelId), {
    body: { content: formatText(toDiscordCommands(alert.warning)), allowed_mentions: none, message_reference: { message_id: m.id, fail_if_not_exists: false } },
  });
  if (alert.details && alert.modChannel) {
    const where = `<#${m.channelId}>`;
    const details = formatText(alert.details).replace("{author}", `<@${m.author.id}>`).replace("{where}", where);
    const link = `https://discord.com/channels/${m.guildId}/${m.channelId}/${m.id}`;
    await d.client.rest.post(Routes.channelMessages(alert.modChannel), { body: { content: `${details}\n${link}`.slice(0, 2000), allowed_mentions: { parse: [] } } });
  }
  if (alert.remove) {
    try {
      await d.client.rest.delete(Routes.channelMessage(m.channelId, m.id));
    } catch (err) {
      if (!isMissingAccess(err)) throw err;
      d.logger.warn({ message: m.id }, "scam watch: cannot remove the message (Manage Messages missing)");
    }
  }
  d.logger.info({ message: m.id, removed: alert.remove }, "scam watch warned");
  return true;
}
