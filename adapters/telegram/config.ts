import { z } from "zod";
import { envInt } from "../../src/channel-kit.js";

/** The Telegram channel's environment variables (merged into the core's check; see `.env.example`). */
export const telegramConfigSchema = z.object({
  TELEGRAM_BOT_TOKEN: z.string().regex(/^\d+:[\w-]+$/, "expected a token from @BotFather (digits:letters)").optional(),
  TELEGRAM_API_ROOT: z.string().url().optional(),
  TELEGRAM_WEBHOOK_URL: z.string().url().optional(),
  TELEGRAM_WEBHOOK_SECRET: z.string().regex(/^[A-Za-z0-9_-]{1,256}$/, "1-256 characters A-Z a-z 0-9 _ -").optional(),
  TELEGRAM_WEBHOOK_PORT: envInt(1, 65535).default(8443),
  SUPPORT_TELEGRAM_CHAT_ID: z.string().regex(/^-?\d+$/, "expected a numeric chat id").optional(),
});
/** The Telegram channel's parsed configuration. */
export type TelegramConfig = z.infer<typeof telegramConfigSchema>;
