import {
  ApplicationCommandType,
  ApplicationIntegrationType,
  InteractionContextType,
  PermissionFlagsBits,
  type RESTPostAPIChatInputApplicationCommandsJSONBody,
} from "discord.js";
import { pick, type ContentPack } from "../../../src/index.js";
import { baseLocale, describe, languageOption, named, optionText, stringOption, subcommand } from "./options.js";
import { scamWatchSubcommand } from "./scam-watch.js";
import { updatesChannelSubcommand } from "./updates-channel.js";

/** The moderator command, as registered on Discord. */
export const LEAK_ADMIN = "leak-admin";

/** `/leak-admin pack`: with several packs, the server's default incident (choices: each pack by its incident name). */
const packSubcommand = (pack: ContentPack, packs: readonly ContentPack[]) =>
  packs.length < 2
    ? []
    : [
        subcommand(pack, "leak-admin.pack", [
          stringOption(pack, "leak-admin.pack.pack", {
            required: true,
            choices: packs.map((p) => ({ name: pick(p, p.meta.incident, baseLocale(p)).slice(0, 100), value: p.meta.id })),
          }),
        ]),
      ];

/** `/leak-admin …`: moderators (Manage Server by default; server admins can change who); its texts come from ui.yaml `commandOptions:`. */
export const leakAdminCommand = (pack: ContentPack, packs: readonly ContentPack[] = [pack]): RESTPostAPIChatInputApplicationCommandsJSONBody => ({
  type: ApplicationCommandType.ChatInput,
  ...named(pack, LEAK_ADMIN),
  ...describe(pack, optionText(pack, LEAK_ADMIN)),
  default_member_permissions: PermissionFlagsBits.ManageGuild.toString(),
  integration_types: [ApplicationIntegrationType.GuildInstall],
  contexts: [InteractionContextType.Guild],
  options: [
    subcommand(pack, "leak-admin.panel"),
    subcommand(pack, "leak-admin.language", [languageOption(pack, "leak-admin.language.language", true)]),
    subcommand(pack, "leak-admin.stats", [
      stringOption(pack, "leak-admin.stats.since", { required: false, maxLength: 40 }),
      stringOption(pack, "leak-admin.stats.scope", { required: false, values: ["discord", "all"] }),
    ]),
    ...packSubcommand(pack, packs),
    scamWatchSubcommand(pack),
    updatesChannelSubcommand(pack),
    subcommand(pack, "leak-admin.close"),
  ],
});
