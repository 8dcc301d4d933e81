import type { ChannelModule } from "../../src/channel-kit.js";
import { discordConfigSchema, type DiscordConfig } from "./config.js";

/**
 * The Discord channel's descriptor: on when `DISCORD_BOT_TOKEN` is set; in shard processes when
 * `DISCORD_SHARDS` is (sharding.ts); hands users over to people when `SUPPORT_DISCORD_ROLE_ID`
 * is. Cheap to import (zod only): discord.js is loaded by `start`.
 */
export const discordChannel: ChannelModule<DiscordConfig> = {
  name: "discord",
  configSchema: discordConfigSchema,
  platform: true,
  enabled: (config) => !!config.DISCORD_BOT_TOKEN,
  async start(ctx) {
    if (ctx.config.DISCORD_SHARDS === undefined) return (await import("./index.js")).startDiscord(ctx);
    return (await import("./sharding.js")).startDiscordShards(ctx);
  },
  handoff: (config) => !!config.SUPPORT_DISCORD_ROLE_ID,
  capabilities: { push: true },
};

export { discordRegisterCommand } from "./register-command.js";
