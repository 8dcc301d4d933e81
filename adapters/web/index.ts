import type { ChannelModule } from "../../src/channel-kit.js";
import { webConfigSchema, type WebConfig } from "./config.js";

/**
 * The web chat: a page and an embeddable widget served by this process, talking to the engine
 * through a Botkit controller on Botkit's web adapter. `npm start`'s default when no platform
 * token is set; next to the platforms when WEB_CHAT_ENABLED=true.
 */
export const webChannel: ChannelModule<WebConfig> = {
  name: "web",
  configSchema: webConfigSchema,
  platform: false,
  enabled: (config, { anyPlatform }) => !anyPlatform || config.WEB_CHAT_ENABLED === true,
  // No push on the web: a message the bot starts waits for the user's next visit (inbox.ts).
  capabilities: { push: true },
  async start({ engine, store, config, logger }) {
    // Loaded on start only: botkit and botbuilder take seconds to import, which other CLI commands shouldn't pay.
    const { startWebChat } = await import("./server.js");
    const { WEB_PLATFORM } = await import("./inbound.js");
    const { startAdmin } = await import("./admin/index.js");
    const { createWebInbox, createWebPush } = await import("./inbox.js");
    const inbox = createWebInbox(store, engine.keyOf);
    const admin = await startAdmin({ engine, store, config, logger });
    const chat = await startWebChat({
      engine,
      logger,
      host: config.WEB_HOST,
      port: config.WEB_PORT,
      retentionDays: config.RETENTION_DAYS,
      maxInputChars: config.MAX_INPUT_CHARS,
      embedOrigins: config.WEB_EMBED_ORIGINS,
      limits: {
        socketsPerAddress: config.WEB_MAX_SOCKETS_PER_ADDRESS,
        browserIdsPerHour: config.WEB_MAX_BROWSER_IDS_PER_HOUR,
        newUsersPerHour: config.WEB_MAX_NEW_USERS_PER_HOUR,
        messagesPerMinute: config.WEB_MAX_MESSAGES_PER_MINUTE,
        ...(config.WEB_TRUSTED_PROXY_HEADER ? { trustedProxyHeader: config.WEB_TRUSTED_PROXY_HEADER } : {}),
        isKnown: async (browserId) => (await store.get(engine.keyOf({ platform: WEB_PLATFORM, userId: browserId }))) !== undefined,
      },
      ...(admin ? { admin } : {}),
      inbox,
    });
    logger.info({ url: chat.url }, "web chat listening");
    process.stdout.write(`\nafterleak web chat: ${chat.url}\n(embed it with <script src="${chat.url}widget.js" async></script>; Ctrl-C to stop)\n\n`);
    return { name: "web", push: createWebPush(inbox, logger.child({ channel: "web" })), stop: chat.stop };
  },
};
