import { DiscordAPIError, HTTPError, RateLimitError, RESTJSONErrorCodes, Routes, type ChatInputCommandInteraction, type Client } from "discord.js";
import { pick, type ChannelPlaces, type ContentPack, type Logger, type UpdatesChannelUiKey } from "../../src/index.js";
import { missingToPost, moderatorRefusal, permissionNames } from "./admin.js";
import { isMissingAccess } from "./errors.js";
import type { GuildSettings } from "./guild-settings.js";
import { renderAnswer } from "./render.js";
import { ephemeral } from "./reply.js";
import { str } from "./strings.js";

/** `/leak-admin updates-channel` as the adapter read it. */
export interface UpdatesChannelAction {
  kind: "updates-channel";
  mode: "on" | "off";
  /** The channel for updates (default: where the command was used). */
  channel?: string;
}

/** The outbox recipient key of a server's updates channel: the server's pseudonym, never a user's key. */
export const placeKey = (guild: string): string => `discord-guild:${guild}`;

/** An updates-channel UI string from the pack (optional in ui.yaml; the key itself when missing). */
function text(pack: ContentPack, key: UpdatesChannelUiKey, locale: string, vars: Record<string, string> = {}): string {
  const t = (pack.ui as Partial<Record<UpdatesChannelUiKey, Record<string, string>>>)[key];
  return (t ? pick(pack, t, locale) : key).replace(/\{(\w+)\}/g, (m, k: string) => vars[k] ?? m);
}


/**
 * `/leak-admin updates-channel on [channel] | off`: sets or clears the channel of this server
 * where incident updates are posted (one per server, kept under the server's pseudonym). Refuses
 * members without Manage Server, and says which permission the bot lacks in this channel.
 */
export async function setUpdatesChannel(i: ChatInputCommandInteraction, a: UpdatesChannelAction, d: { pack: ContentPack; settings: GuildSettings }, locale: string): Promise<void> {
  const refusal = moderatorRefusal(i);
  if (refusal || !i.guildId) return void (await i.reply(ephemeral(str(refusal ?? "guildOnly", locale))));
  if (a.mode === "off") {
    await d.settings.setUpdatesChannel(i.guildId, undefined);
    return void (await i.reply(ephemeral(text(d.pack, "updatesChannelCleared", locale))));
  }
  const channel = a.channel ?? i.channelId;
  if (channel === i.channelId) {
    const missing = missingToPost(i.appPermissions, i.channel?.isThread() ?? false);
    if (missing.length) return void (await i.reply(ephemeral(str("cannotPost", locale, { missing: permissionNames(missing, locale) }))));
  }
  await d.settings.setUpdatesChannel(i.guildId, channel);
  await i.reply(ephemeral(text(d.pack, "updatesChannelSet", locale), { channel: `<#${channel}>` }));
}

/**
 * The `places` capability on Discord: every server's updates channel. A post is rendered like an
 * answer (no mentions); a deleted channel or a removed permission is an unsubscribe (the core then
 * drops the setting); Discord's own failures and an outlasted rate limit are tried again later.
 */
export function createDiscordPlaces(client: Client, settings: GuildSettings, logger: Logger): ChannelPlaces {
  return {
    async *list() {
      for await (const s of settings.updatesChannels()) yield { key: placeKey(s.guild), to: s.channel, ...(s.locale ? { locale: s.locale } : {}) };
    },
    async post(place, message) {
      try {
        for (const body of renderAnswer({ locale: message.locale, replies: message.replies })) {
          await client.rest.post(Routes.channelMessages(place.to), { body: { ...body, allowed_mentions: { parse: [] } } });
        }
        return "sent";
      } catch (err) {
        if (isMissingAccess(err) || (err instanceof DiscordAPIError && err.code === RESTJSONErrorCodes.UnknownChannel)) return "unsubscribed";
        if (err instanceof RateLimitError || err instanceof HTTPError || (err instanceof DiscordAPIError && err.status >= 500)) return "later";
        if (err instanceof DiscordAPIError) {
          logger.warn({ code: err.code, status: err.status }, "discord: updates post refused");
          return "failed";
        }
        throw err;
      }
    },
    drop: (place) => settings.dropUpdatesChannel(place.key.slice(placeKey("").length)),
  };
}
