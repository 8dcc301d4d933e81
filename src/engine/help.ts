import { COMMANDS } from "./events.js";
import { l, type Turn } from "./context.js";

/**
 * The `{commands}` placeholder of the pack's `help` text: one line per command, `- /name: what it
 * does`, from ui.yaml `commands:` (the texts Telegram's menu and Discord's registration use), so
 * a pack's help never lists a command the engine lacks or describes it twice.
 */
export function commandList(turn: Turn): string {
  return COMMANDS.filter((c) => c !== "start")
    .map((c) => `- /${c}: ${l(turn, turn.pack.commands[c])}`)
    .join("\n");
}
