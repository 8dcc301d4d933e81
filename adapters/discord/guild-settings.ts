import type { Engine, Logger, Store } from "../../src/index.js";

/** A Discord server's settings chosen by its moderators. */
export interface GuildSettings {
  /** The server's default answer language, if a moderator set one. */
  locale(guildId: string): Promise<string | undefined>;
  setLocale(guildId: string, locale: string): Promise<void>;
}

/**
 * Keeps server settings in the store under a pseudonym of the guild id (`engine.pseudonym`). Stores without settings support fall back to process memory, with a warning,
 * so the setting then lasts until restart.
 */
export function createGuildSettings(store: Store, pseudonym: Engine["pseudonym"], logger: Logger): GuildSettings {
  const key = (guildId: string) => `discord-guild-locale:${pseudonym("discord-guild", guildId)}`;
  const memory = new Map<string, string>();
  let warned = false;
  return {
    async locale(guildId) {
      return store.getSetting ? store.getSetting(key(guildId)) : memory.get(key(guildId));
    },
    async setLocale(guildId, locale) {
      if (store.setSetting) return store.setSetting(key(guildId), locale);
      if (!warned) logger.warn("this store keeps no settings: server languages last until restart");
      warned = true;
      memory.set(key(guildId), locale);
    },
  };
}
