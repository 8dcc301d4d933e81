import type { Api } from "grammy";
import type { BotCommand, LanguageCode } from "grammy/types";
import { COMMANDS, pick, serializeError, type ContentPack, type Logger } from "../../src/index.js";

/** Telegram's limit on a command description. */
const MAX_DESCRIPTION = 256;

/**
 * The command menu in one pack locale, in the core's order, described by the pack's `commands:`;
 * with several packs, `/incident` too (when the pack describes it).
 */
export const commandMenu = (pack: ContentPack, locale: string, severalPacks = false): BotCommand[] => [
  ...COMMANDS.map((command) => ({ command, description: pick(pack, pack.commands[command], locale).slice(0, MAX_DESCRIPTION) })),
  ...(severalPacks && pack.commands.incident ? [{ command: "incident", description: pick(pack, pack.commands.incident, locale).slice(0, MAX_DESCRIPTION) }] : []),
];

/** The menu group administrators see: the usual one and `/scamwatch` (see {@link registerCommands}). */
export const adminMenu = (pack: ContentPack, locale: string, severalPacks = false): BotCommand[] => [
  ...commandMenu(pack, locale, severalPacks),
  ...(pack.commands.scamwatch ? [{ command: "scamwatch", description: pick(pack, pack.commands.scamwatch, locale).slice(0, MAX_DESCRIPTION) }] : []),
];

/**
 * Registers the command menu: in the pack's default locale for everyone, and in each other pack
 * locale for users whose Telegram is set to it; group administrators' menu adds `/scamwatch`. A failure is logged, not fatal: the commands work without it.
 */
export async function registerCommands(api: Api, pack: ContentPack, logger: Logger, severalPacks = false): Promise<void> {
  try {
    await api.setMyCommands(commandMenu(pack, pack.meta.defaultLocale, severalPacks));
    for (const locale of pack.meta.locales.filter((l) => l !== pack.meta.defaultLocale)) await api.setMyCommands(commandMenu(pack, locale, severalPacks), { language_code: locale as LanguageCode });
    // Group administrators also see the scam watch's command, when the pack has the checker and describes it.
    if (pack.scam && pack.commands.scamwatch) {
      const admins = { type: "all_chat_administrators" } as const;
      await api.setMyCommands(adminMenu(pack, pack.meta.defaultLocale, severalPacks), { scope: admins });
      for (const locale of pack.meta.locales.filter((l) => l !== pack.meta.defaultLocale)) {
        await api.setMyCommands(adminMenu(pack, locale, severalPacks), { scope: admins, language_code: locale as LanguageCode });
      }
    }
  } catch (err) {
    logger.warn({ err: serializeError(err) }, "telegram: could not register the command menu");
  }
}
