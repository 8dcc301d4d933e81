import type { ChannelModule } from "../../src/channel-kit.js";
import { telegramConfigSchema, type TelegramConfig } from "./config.js";

/**
 * The Telegram channel's descriptor: on when `TELEGRAM_BOT_TOKEN` is set, hands users over to
 * people when `SUPPORT_TELEGRAM_CHAT_ID` is. Cheap to import (zod only): grammY is loaded by
 * `start`, so commands that never start Telegram never pay for it.
 */
export const telegramChannel: ChannelModule<TelegramConfig> = {
  name: "telegram",
  configSchema: telegramConfigSchema,
  platform: true,
  enabled: (config) => !!config.TELEGRAM_BOT_TOKEN,
  start: async (ctx) => (await import("./index.js")).startTelegram(ctx),
  handoff: (config) => !!config.SUPPORT_TELEGRAM_CHAT_ID,
  capabilities: { push: true },
};
