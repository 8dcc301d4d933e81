import type { RESTPostAPIApplicationCommandsJSONBody } from "discord.js";
import type { ContentPack } from "../../../src/index.js";
import { CHECK_MESSAGE, checkMessageCommand } from "./check-message.js";
import { LEAK, SUBCOMMAND_TO_ENGINE, leakCommand } from "./leak.js";
import { LEAK_ADMIN, leakAdminCommand } from "./leak-admin.js";

export { CHECK_MESSAGE, LEAK, LEAK_ADMIN, SUBCOMMAND_TO_ENGINE, checkMessageCommand, leakAdminCommand, leakCommand };

/** Every application command for `pack` (and, with several packs, `/leak-admin pack` over `packs`), as sent to `PUT /applications/{id}/commands`. */
export const commandDefinitions = (pack: ContentPack, packs: readonly ContentPack[] = [pack]): RESTPostAPIApplicationCommandsJSONBody[] => [
  leakCommand(pack, packs),
  leakAdminCommand(pack, packs),
  checkMessageCommand(pack),
];

const ENGINE_TO_SUBCOMMAND: Readonly<Record<string, string>> = {
  ...Object.fromEntries(Object.entries(SUBCOMMAND_TO_ENGINE).map(([sub, cmd]) => [cmd, sub])),
  start: "help",
};

/**
 * Rewrites the engine's command names in a text (`/tasks`, `/leaked`) to how they are typed on
 * Discord (`/leak tasks`, `/leak what-leaked`), so help texts name commands that exist here.
 */
export function toDiscordCommands(text: string): string {
  return text.replace(/(^|[\s("'“‘])\/([a-z]+)\b(?![/\w-])/g, (m, pre: string, cmd: string) => {
    const sub = ENGINE_TO_SUBCOMMAND[cmd];
    return sub ? `${pre}/${LEAK} ${sub}` : m;
  });
}
