import type { APIApplicationCommandSubcommandOption } from "discord.js";
import type { ContentPack } from "../../../src/index.js";
import { channelOption, stringOption, subcommand } from "./options.js";

/** `/leak-admin scam-watch`: warn about scam messages in a channel (adapters/discord/scam-watch.ts carries it out). */
export const scamWatchSubcommand = (pack: ContentPack): APIApplicationCommandSubcommandOption =>
  subcommand(pack, "leak-admin.scam-watch", [
    stringOption(pack, "leak-admin.scam-watch.mode", { required: true, values: ["on", "off"] }),
    channelOption(pack, "leak-admin.scam-watch.channel", false),
    channelOption(pack, "leak-admin.scam-watch.mods", false),
    stringOption(pack, "leak-admin.scam-watch.remove", { required: false, values: ["no", "yes"] }),
  ]);
