import type { Engine, Store } from "../../src/index.js";

/** A Discord server's settings chosen by its moderators. */
export interface GuildSettings {
  /** The server's default answer language, if a moderator set one. */
  locale(guildId: string): Promise<string | undefined>;
  setLocale(guildId: string, locale: string): Promise<void>;
  /** With several packs: the server's default pack (incident), if a moderator set one. */
  pack(guildId: string): Promise<string | undefined>;
  setPack(guildId: string, pack: string): Promise<void>;
  /** The server's updates channel (`/leak-admin updates-channel`), if a moderator set one. */
  updatesChannel(guildId: string): Promise<string | undefined>;
  /** Sets or (undefined) clears the server's updates channel. */
  setUpdatesChannel(guildId: string, channelId: string | undefined): Promise<void>;
  /** Every server with an updates channel: the server's pseudonym, the channel id and the server's language if set. */
  updatesChannels(): AsyncIterable<{ guild: string; channel: string; locale?: string }>;
  /** Clears the updates channel of the server with this pseudonym (the bot can no longer post there). */
  dropUpdatesChannel(guild: string): Promise<void>;
}

/** Keeps server settings in the store under a pseudonym of the guild id (`engine.pseudonym`). */
export function createGuildSettings(store: Store, pseudonym: Engine["pseudonym"]): GuildSettings {
  const key = (guildId: string) => `discord-guild-locale:${pseudonym("discord-guild", guildId)}`;
  const packKey = (guildId: string) => `discord-guild-pack:${pseudonym("discord-guild", guildId)}`;
  const UPDATES = "discord-guild-updates:";
  return {
    locale: (guildId) => store.getSetting(key(guildId)),
    setLocale: (guildId, locale) => store.setSetting(key(guildId), locale),
    pack: (guildId) => store.getSetting(packKey(guildId)),
    setPack: (guildId, pack) => store.setSetting(packKey(guildId), pack),
    updatesChannel: (guildId) => store.getSetting(UPDATES + pseudonym("discord-guild", guildId)),
    setUpdatesChannel: (guildId, channelId) => store.setSetting(UPDATES + pseudonym("discord-guild", guildId), channelId),
    async *updatesChannels() {
      for await (const [name, channel] of store.listSettings(UPDATES)) {
        const guild = name.slice(UPDATES.length);
        const locale = await store.getSetting(`discord-guild-locale:${guild}`);
        yield { guild, channel, ...(locale ? { locale } : {}) };
      }
    },
    dropUpdatesChannel: (guild) => store.setSetting(UPDATES + guild, undefined),
  };
}
