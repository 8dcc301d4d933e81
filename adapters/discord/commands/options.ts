import {
  ApplicationCommandOptionType,
  type APIApplicationCommandBasicOption,
  type APIApplicationCommandOptionChoice,
  type APIApplicationCommandSubcommandOption,
} from "discord.js";
import { pick, ui, type ContentPack } from "../../../src/index.js";

/** A text per pack locale. */
type LocalizedText = Readonly<Record<string, string>>;

/** Discord's locales (https://discord.com/developers/docs/reference#locales), matched on their language. */
const DISCORD_LOCALES = [
  "id", "da", "de", "en-GB", "en-US", "es-ES", "es-419", "fr", "hr", "it", "lt", "hu", "nl", "no", "pl", "pt-BR", "ro", "fi",
  "sv-SE", "vi", "tr", "cs", "el", "bg", "ru", "uk", "hi", "th", "zh-CN", "ja", "zh-TW", "ko",
];
/** Discord's limit on a command or option description and on a choice's name. */
const MAX_TEXT = 100;

const cut = (s: string) => ([...s].length > MAX_TEXT ? [...s].slice(0, MAX_TEXT - 1).join("") + "…" : s);
const discordLocalesOf = (loc: string) => DISCORD_LOCALES.filter((d) => d.split("-")[0] === loc);

/** The pack locale a command's base text is written in: English if the pack has it (Discord's own default), else the pack's default. */
export const baseLocale = (pack: ContentPack): string => (pack.meta.locales.includes("en") ? "en" : pack.meta.defaultLocale);

/**
 * A command's, subcommand's or option's name: `en` as typed in English, and its
 * `name_localizations` from the pack's ui.yaml `commandNames:` (none when the pack gives none).
 */
export function named(pack: ContentPack, en: string): { name: string; name_localizations?: Record<string, string> } {
  const given = pack.commandNames?.[en];
  if (!given) return { name: en };
  const localizations: Record<string, string> = {};
  for (const [loc, name] of Object.entries(given)) for (const d of discordLocalesOf(loc)) localizations[d] = name;
  return { name: en, name_localizations: localizations };
}

/** A pack text as Discord's `description` plus `description_localizations` for every Discord locale of every pack locale. */
export function describe(pack: ContentPack, text: LocalizedText): { description: string; description_localizations: Record<string, string> } {
  const localizations: Record<string, string> = {};
  for (const loc of pack.meta.locales) for (const d of discordLocalesOf(loc)) localizations[d] = cut(pick(pack, text, loc));
  return { description: cut(pick(pack, text, baseLocale(pack))), description_localizations: localizations };
}

/**
 * The text of a dotted command path (`leak-admin.scam-watch.mode`) from ui.yaml `commandOptions:`:
 * the most specific key given wins (`leak-admin.scam-watch.mode`, then `scam-watch.mode`, then
 * `mode`); without one, the path's last part (its English name) is the text.
 */
export function optionText(pack: ContentPack, path: string): LocalizedText {
  const parts = path.split(".");
  for (let i = 0; i < parts.length; i++) {
    const given = pack.commandOptions?.[parts.slice(i).join(".")];
    if (given) return given;
  }
  return { [baseLocale(pack)]: parts.at(-1) ?? path };
}

/** Where an option sits: its dotted path names it (last part) and describes it (ui.yaml `commandOptions:`). */
const at = (pack: ContentPack, path: string) => ({ ...named(pack, path.split(".").at(-1) ?? path), ...describe(pack, optionText(pack, path)) });

/** A subcommand at `path` (e.g. `leak-admin.stats`), described by the pack unless `text` is given. */
export const subcommand = (pack: ContentPack, path: string, options: APIApplicationCommandBasicOption[] = [], text?: LocalizedText): APIApplicationCommandSubcommandOption => ({
  type: ApplicationCommandOptionType.Subcommand,
  ...(text ? { ...named(pack, path.split(".").at(-1) ?? path), ...describe(pack, text) } : at(pack, path)),
  options,
});

/** A choice whose label is the pack's text at `path.value` (e.g. `scam-watch.mode.on`). */
export function choice(pack: ContentPack, path: string, value: string): APIApplicationCommandOptionChoice<string> {
  const text = optionText(pack, `${path}.${value}`);
  const localizations: Record<string, string> = {};
  for (const loc of pack.meta.locales) for (const d of discordLocalesOf(loc)) localizations[d] = cut(pick(pack, text, loc));
  return { name: cut(pick(pack, text, baseLocale(pack))), name_localizations: localizations, value };
}

/** What a string option may add: required, a length limit, fixed choices (values, labelled by the pack) or given ones. */
interface StringOptionSpec {
  required: boolean;
  maxLength?: number;
  values?: readonly string[];
  choices?: APIApplicationCommandOptionChoice<string>[];
}

/** A string option at `path` (e.g. `leak-admin.scam-watch.mode`). */
export const stringOption = (pack: ContentPack, path: string, spec: StringOptionSpec): APIApplicationCommandBasicOption => ({
  type: ApplicationCommandOptionType.String,
  ...at(pack, path),
  required: spec.required,
  ...(spec.maxLength ? { max_length: spec.maxLength } : {}),
  ...(spec.values ? { choices: spec.values.map((v) => choice(pack, path, v)) } : spec.choices ? { choices: spec.choices } : {}),
});

/** A channel option at `path`. */
export const channelOption = (pack: ContentPack, path: string, required: boolean): APIApplicationCommandBasicOption => ({
  type: ApplicationCommandOptionType.Channel,
  ...at(pack, path),
  required,
});

/** The pack's languages as a string option's choices (each in its own language). */
export const languageOption = (pack: ContentPack, path: string, required: boolean): APIApplicationCommandBasicOption =>
  stringOption(pack, path, { required, choices: pack.meta.locales.map((loc) => ({ name: ui(pack, "languageName", loc), value: loc })) });
