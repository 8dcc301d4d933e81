import type { ChannelModule } from "../src/channel-kit.js";
import { consoleChannel } from "./console/index.js";
import { discordChannel } from "./discord/channel.js";
import { telegramChannel } from "./telegram/channel.js";
import { adminChannel } from "./web/admin/index.js";
import { webChannel } from "./web/index.js";

/**
 * Every channel afterleak can run; `afterleak start` starts the enabled ones. Only descriptors are
 * imported here (config schemas, zod only): each platform SDK loads when its channel starts.
 */
export const channels: ChannelModule[] = [consoleChannel, webChannel, telegramChannel, discordChannel, adminChannel];

/** Extra CLI commands that need a platform SDK (kept out of the core). */
export { commands } from "./commands.js";
