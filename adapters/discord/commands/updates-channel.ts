import type { APIApplicationCommandSubcommandOption } from "discord.js";
import type { ContentPack } from "../../../src/index.js";
import { channelOption, stringOption, subcommand } from "./options.js";

/** `/leak-admin updates-channel`: the server channel where incident updates are posted (adapters/discord/updates-channel.ts carries it out). */
export const updatesChannelSubcommand = (pack: ContentPack): APIApplicationCommandSubcommandOption =>
  subcommand(pack, "leak-admin.updates-channel", [
    stringOption(pack, "leak-admin.updates-channel.mode", { required: true, values: ["on", "off"] }),
    channelOption(pack, "leak-admin.updates-channel.channel", false),
  ]);
