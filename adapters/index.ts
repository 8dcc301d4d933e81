import type { ChannelModule, CliCommand } from "../src/index.js";
import { consoleChannel } from "./console/index.js";
import { discordChannel, discordRegisterCommand } from "./discord/index.js";
import { telegramChannel } from "./telegram/index.js";
import { adminChannel } from "./web/admin/index.js";
import { webChannel } from "./web/index.js";

/** Every channel afterleak can run; `afterleak start` starts the enabled ones. */
export const channels: ChannelModule[] = [consoleChannel, webChannel, telegramChannel, discordChannel, adminChannel];

/** Extra CLI commands that need a platform SDK (kept out of the core). */
export const commands: CliCommand[] = [discordRegisterCommand];
