import type { ChannelContext, ChannelModule } from "../../../src/channel-kit.js";
import { webConfigSchema, type WebConfig } from "../config.js";
import type { AdminRoutes } from "./routes.js";

/**
 * The link to a ticket's thread on its platform, from the handoff's `place`: a Discord support
 * thread (the place is the thread id) when ADMIN_DISCORD_GUILD_ID names its server. Telegram
 * tickets live in the support group under their number, with no place of their own: no link.
 *
 * @example threadLinkOf({ ADMIN_DISCORD_GUILD_ID: "1" })("discord", "2") // "https://discord.com/channels/1/2"
 */
export function threadLinkOf(config: Pick<WebConfig, "ADMIN_DISCORD_GUILD_ID">): ((platform: string, place: string) => string | undefined) | undefined {
  const guild = config.ADMIN_DISCORD_GUILD_ID;
  if (!guild) return undefined;
  return (platform, place) => (platform === "discord" && /^\d{1,25}$/.test(place) ? `https://discord.com/channels/${guild}/${place}` : undefined);
}

/**
 * The support console's routes for a channel context, or undefined when ADMIN_TOKEN is unset (no
 * token, no console: /admin stays 404).
 */
export async function startAdmin(ctx: ChannelContext<WebConfig>): Promise<AdminRoutes | undefined> {
  const { config, engine, store, logger } = ctx;
  if (!config.ADMIN_TOKEN) return undefined;
  const { createAdminRoutes } = await import("./routes.js");
  // Loaded here, not at import: the descriptor must stay cheap (help and stats never load the core).
  const { createReloader, packDirs } = await import("../../../src/index.js");
  // With several packs (CONTENT_DIR=a,b) the console works on the first (README, "Several incidents").
  const packDir = packDirs(config.CONTENT_DIR)[0] ?? config.CONTENT_DIR;
  const routes = await createAdminRoutes({
    engine,
    store,
    logger,
    token: config.ADMIN_TOKEN,
    packDir,
    // Its own reloader over the same folder: validates, trains the matcher, then swaps (src/reload.ts).
    reloader: createReloader({ dir: packDir, engine, logger }),
    ...(config.WEB_TRUSTED_PROXY_HEADER ? { trustedProxyHeader: config.WEB_TRUSTED_PROXY_HEADER } : {}),
    ...(threadLinkOf(config) ? { threadLink: threadLinkOf(config)! } : {}),
  });
  logger.info({ path: "/admin" }, "support console enabled");
  return routes;
}

/**
 * The console alone on WEB_HOST:WEB_PORT, for deployments that run only Telegram or Discord:
 * ADMIN_ENABLED=true with ADMIN_TOKEN. When the web chat runs, the console is on its server instead.
 */
export const adminChannel: ChannelModule<WebConfig> = {
  name: "admin",
  configSchema: webConfigSchema,
  platform: false,
  enabled: (config, { anyPlatform }) => config.ADMIN_ENABLED === true && anyPlatform && config.WEB_CHAT_ENABLED !== true,
  async start(ctx) {
    const admin = await startAdmin(ctx);
    if (!admin) throw new Error("ADMIN_ENABLED=true needs ADMIN_TOKEN (at least 32 characters)");
    const { startWebChat } = await import("../server.js");
    const { config } = ctx;
    const server = await startWebChat({
      engine: ctx.engine,
      logger: ctx.logger,
      host: config.WEB_HOST,
      port: config.WEB_PORT,
      retentionDays: config.RETENTION_DAYS,
      maxInputChars: config.MAX_INPUT_CHARS,
      chat: false,
      admin,
    });
    ctx.logger.info({ url: `${server.url}admin` }, "support console listening");
    process.stdout.write(`\nafterleak support console: ${server.url}admin\n\n`);
    return { name: "admin", stop: server.stop };
  },
};
