import type { Engine, Store } from "../../src/index.js";

/** A Discord server's settings chosen by its moderators. */
export interface GuildSettings {
  /** The server's default answer language, if a moderator set one. */
  locale(guildId: string): Promise<string | undefined>;
  setLocale(guildId: string, locale: string): Promise<void>;
  /** With several packs: the server's default pack (incident), if a moderator set one. */
  pack(guildId: string): Promise<string | undefined>;
  setPack(guildId: string, pack: string): Promise<void>;
}

/** Keeps server settings in the store under a pseudonym of the guild id (`engine.pseudonym`). */
export function createGuildSettings(store: Store, pseudonym: Engine["pseudonym"]): GuildSettings {
  const key = (guildId: string) => `discord-guild-locale:${pseudonym("discord-guild", guildId)}`;
  const packKey = (guildId: string) => `discord-guild-pack:${pseudonym("discord-guild", guildId)}`;
  return {
    locale: (guildId) => store.getSetting(key(guildId)),
    setLocale: (guildId, locale) => store.setSetting(key(guildId), locale),
    pack: (guildId) => store.getSetting(packKey(guildId)),
    setPack: (guildId, pack) => store.setSetting(packKey(guildId), pack),
  };
}
