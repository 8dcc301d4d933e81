import {
  ApplicationCommandType,
  ApplicationIntegrationType,
  InteractionContextType,
  type RESTPostAPIChatInputApplicationCommandsJSONBody,
} from "discord.js";
import type { CommandName, ContentPack } from "../../../src/index.js";
import { describe, languageOption, named, stringOption, subcommand } from "./options.js";

/** The member command, as registered on Discord. */
export const LEAK = "leak";

/** `/leak` subcommands that map straight onto an engine command. */
export const SUBCOMMAND_TO_ENGINE: Readonly<Record<string, CommandName>> = {
  "what-leaked": "leaked",
  faq: "faq",
  tasks: "tasks",
  human: "human",
  language: "language",
  forget: "forget",
  help: "help",
  check: "check",
  reminders: "reminders",
  updates: "updates",
};

/** `/leak …`: every member, in servers and in DMs with the bot; its texts come from the pack (ui.yaml `commands:` and `commandOptions:`). */
export const leakCommand = (pack: ContentPack, packs: readonly ContentPack[] = [pack]): RESTPostAPIChatInputApplicationCommandsJSONBody => {
  const c = pack.commands;
  return {
    type: ApplicationCommandType.ChatInput,
    ...named(pack, LEAK),
    ...describe(pack, pack.meta.title),
    integration_types: [ApplicationIntegrationType.GuildInstall],
    contexts: [InteractionContextType.Guild, InteractionContextType.BotDM],
    options: [
      subcommand(pack, "leak.what-leaked", [], c.leaked),
      subcommand(pack, "leak.ask", [stringOption(pack, "leak.ask.question", { required: true, maxLength: 1000 })], c.ask),
      subcommand(pack, "leak.check", [stringOption(pack, "leak.check.message", { required: true, maxLength: 2000 })], c.check),
      subcommand(pack, "leak.faq", [], c.faq),
      subcommand(pack, "leak.tasks", [], c.tasks),
      subcommand(pack, "leak.human", [], c.human),
      subcommand(pack, "leak.language", [languageOption(pack, "leak.language.language", false)], c.language),
      subcommand(pack, "leak.forget", [], c.forget),
      subcommand(pack, "leak.reminders", [], c.reminders),
      // Incident updates by DM (opt-in; DMs go only to users who said on).
      subcommand(pack, "leak.updates", [stringOption(pack, "leak.updates.mode", { required: true, values: ["on", "off"] })]),
      subcommand(pack, "leak.help", [], c.help),
      // With several packs: choose or switch the incident (`/incident`), when the pack describes it.
      ...(packs.length > 1 && c.incident ? [subcommand(pack, "leak.incident", [], c.incident)] : []),
    ],
  };
};
