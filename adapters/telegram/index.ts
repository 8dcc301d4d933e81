import { GrammyError } from "grammy";
import type { ChannelContext, PackSetEngine, RunningChannel } from "../../src/index.js";
import { createTelegramBot } from "./bot.js";
import { registerCommands } from "./commands.js";
import type { TelegramConfig } from "./config.js";
import { startPolling, type UpdateLoop } from "./polling.js";
import { startWebhook } from "./webhook.js";
import { createTelegramPush } from "./push.js";

/** Tuning that is not configuration (tests use it to run fast against an emulator). */
export interface TelegramStartOptions {
  /** See `pollGuard`: minimum time between empty polls (default 1000 ms). */
  minEmptyPollMs?: number;
  /** Interface the webhook server listens on (default: all). */
  webhookHost?: string;
  /** Longest `stop` waits for updates still being handled (default 10 s). */
  drainMs?: number;
}

/**
 * Starts the Telegram channel: long polling, or a webhook server when `TELEGRAM_WEBHOOK_URL`
 * is set. `stop` ends the update loop, then waits for updates in flight.
 */
export async function startTelegram(ctx: ChannelContext<TelegramConfig>, opts: TelegramStartOptions = {}): Promise<RunningChannel> {
  const { config, engine } = ctx;
  const token = config.TELEGRAM_BOT_TOKEN;
  if (!token) throw new Error("TELEGRAM_BOT_TOKEN is not set");
  const logger = ctx.logger.child({ channel: "telegram" });
  const support = config.SUPPORT_TELEGRAM_CHAT_ID ? Number(config.SUPPORT_TELEGRAM_CHAT_ID) : undefined;
  const { bot, idle } = createTelegramBot({ token, apiRoot: config.TELEGRAM_API_ROOT, engine, logger, store: ctx.store, ...(support !== undefined ? { supportChatId: support } : {}), ...(ctx.traffic ? { traffic: ctx.traffic } : {}) });
  try {
    await bot.init();
  } catch (err) {
    if (err instanceof GrammyError && err.error_code === 401) {
      throw new Error("Telegram rejected TELEGRAM_BOT_TOKEN (401 Unauthorized): copy the token again from @BotFather");
    }
    throw err;
  }
  const push = createTelegramPush(bot.api, () => bot.botInfo.username, logger);
  // `afterleak broadcast` with no instance running: send only, never take the update loop from one.
  if (ctx.pushOnly) return { name: "telegram", push, stop: async () => undefined };
  await registerCommands(bot.api, engine.pack, logger, "packs" in engine && (engine as PackSetEngine).packs.length > 1);
  const loop: UpdateLoop = config.TELEGRAM_WEBHOOK_URL
    ? await startWebhook(bot, {
        url: config.TELEGRAM_WEBHOOK_URL,
        port: config.TELEGRAM_WEBHOOK_PORT,
        host: opts.webhookHost,
        secret: config.TELEGRAM_WEBHOOK_SECRET,
        logger,
        health: () => engine.health(),
      })
    : await startPolling(bot, { logger, minEmptyPollMs: opts.minEmptyPollMs });
  logger.info({ mode: loop.mode, bot: bot.botInfo.username, support: !!support }, "telegram: started");
  let stopping: Promise<void> | undefined;
  const stop = async () => {
    await loop.stop();
    let timer: NodeJS.Timeout | undefined;
    const late = new Promise<"late">((resolve) => (timer = setTimeout(resolve, opts.drainMs ?? 10_000, "late")));
    if ((await Promise.race([idle(), late])) === "late") logger.warn("telegram: stopped with updates still in flight");
    clearTimeout(timer);
  };
  return { name: "telegram", done: loop.done, push, stop: () => (stopping ??= stop()) };
}

export { telegramChannel } from "./channel.js";
