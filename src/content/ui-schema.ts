import { z } from "zod";
import { COMMANDS, type CommandName } from "../engine/events.js";
import { localizedText } from "./schema-fields.js";
import { PACK_SET_UI_KEYS, SCAM_UI_KEYS, SCAM_WATCH_UI_KEYS, UI_KEYS, UPDATES_CHANNEL_UI_KEYS, type PackSetUiKey, type ScamUiKey, type ScamWatchUiKey, type UiKey, type UpdatesChannelUiKey } from "./ui-keys.js";

/**
 * What each command does, per locale: Telegram's command menu, Discord's slash commands (their
 * descriptions, at most 100 characters) and the help text draw on it. `ask` describes asking in
 * one's own words (Discord's `/… ask`).
 */
export const commandsSchema = z.strictObject({
  ...(Object.fromEntries(COMMANDS.map((c) => [c, localizedText])) as Record<CommandName, typeof localizedText>),
  ask: localizedText,
  /** Optional: `/incident` (choose or switch the incident), in the command menus when several packs are served. */
  incident: localizedText.optional(),
  /** Optional: `/scamwatch` (the moderators' scam watch in a Telegram group), in the menu Telegram shows group administrators. */
  scamwatch: localizedText.optional(),
});
export type CommandTexts = z.infer<typeof commandsSchema>;

/**
 * Optional: how a command, subcommand or option is typed in other locales, keyed by its English
 * name (`leak`, `what-leaked`, `question`, `check-this-message` for the message menu): Discord's
 * `name_localizations`. Slash command names are lower case without spaces (Discord refuses others),
 * at most 32 characters. Without it, commands are typed by their English names.
 */
export const commandNamesSchema = z.record(
  z.string().regex(/^[a-z][a-z-]{0,31}$/, "an English command or option name"),
  z.record(z.string(), z.string().regex(/^\S(?:.{0,30}\S)?$/u, "at most 32 characters, no space at either end")),
);
export type CommandNames = z.infer<typeof commandNamesSchema>;

/**
 * Optional: what a command, subcommand, option or choice says (Discord's descriptions and choice
 * labels, at most 100 characters), keyed by its dotted English path (`leak-admin`,
 * `leak-admin.scam-watch`, `leak-admin.scam-watch.mode`, `leak-admin.scam-watch.mode.on`). The most
 * specific key given wins (`leak-admin.scam-watch.mode`, then `scam-watch.mode`, then `mode`), so a
 * shared option is described once; without any, the English name is shown.
 */
export const commandOptionsSchema = z.record(
  z.string().regex(/^[a-z][a-z-]{0,31}(?:\.[a-z][a-z-]{0,31}){0,3}$/, "a dotted English command path such as leak-admin.scam-watch.mode"),
  localizedText,
);
export type CommandOptions = z.infer<typeof commandOptionsSchema>;

/** ui.yaml: command texts and names, and every interface string (the required ones and the optional sets). */
export const uiFileSchema = z.strictObject({
  commands: commandsSchema,
  commandNames: commandNamesSchema.optional(),
  commandOptions: commandOptionsSchema.optional(),
  strings: z.strictObject({
    ...(Object.fromEntries(UI_KEYS.map((k) => [k, localizedText])) as Record<UiKey, typeof localizedText>),
    ...(Object.fromEntries(SCAM_UI_KEYS.map((k) => [k, localizedText.optional()])) as Record<ScamUiKey, z.ZodOptional<typeof localizedText>>),
    ...(Object.fromEntries(PACK_SET_UI_KEYS.map((k) => [k, localizedText.optional()])) as Record<PackSetUiKey, z.ZodOptional<typeof localizedText>>),
    ...(Object.fromEntries(SCAM_WATCH_UI_KEYS.map((k) => [k, localizedText.optional()])) as Record<ScamWatchUiKey, z.ZodOptional<typeof localizedText>>),
    ...(Object.fromEntries(UPDATES_CHANNEL_UI_KEYS.map((k) => [k, localizedText.optional()])) as Record<UpdatesChannelUiKey, z.ZodOptional<typeof localizedText>>),
  }),
});
