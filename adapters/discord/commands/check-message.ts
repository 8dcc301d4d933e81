import {
  ApplicationCommandType,
  ApplicationIntegrationType,
  InteractionContextType,
  type RESTPostAPIContextMenuApplicationCommandsJSONBody,
} from "discord.js";
import type { ContentPack } from "../../../src/index.js";
import { named } from "./options.js";

/** The message context-menu command (right-click a message > Apps): checks it for a scam. */
export const CHECK_MESSAGE = "Check this message";

/** "Check this message" on any message (application command type 3): the answer is ephemeral. */
export const checkMessageCommand = (pack: ContentPack): RESTPostAPIContextMenuApplicationCommandsJSONBody => {
  const { name_localizations } = named(pack, "check-this-message");
  return {
    type: ApplicationCommandType.Message,
    name: CHECK_MESSAGE,
    ...(name_localizations ? { name_localizations } : {}),
    integration_types: [ApplicationIntegrationType.GuildInstall],
    contexts: [InteractionContextType.Guild, InteractionContextType.BotDM],
  };
};
