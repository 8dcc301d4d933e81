import { GrammyError, HttpError, type Api } from "grammy";
import type { ChannelPush, Logger } from "../../src/index.js";
import { deliver } from "./deliver.js";
import { renderTelegram } from "./render.js";

/** Telegram's answers that mean the bot can no longer write to this user (blocked, deleted account, never started). */
const isGone = (err: GrammyError) =>
  err.error_code === 403 || (err.error_code === 400 && /chat not found|user is deactivated|PEER_ID_INVALID/i.test(err.description));

/**
 * The push capability on Telegram: a private chat's id is the user's id, so the replies are
 * rendered as for a turn and sent there. 429s are retried by the bot's auto-retry (honouring
 * `retry_after`); a 403 ("blocked by the user") or a chat that is gone is an unsubscribe; a
 * network failure is tried again later.
 */
export function createTelegramPush(api: Api, botUsername: () => string, logger: Logger): ChannelPush {
  return async (to, message) => {
    const chatId = Number(to.userId);
    if (!Number.isSafeInteger(chatId)) return "failed";
    const ops = renderTelegram(message.replies, { botUsername: botUsername(), canEdit: false });
    try {
      await deliver(api, ops, { chatId, userId: chatId, group: false }, logger);
      return "sent";
    } catch (err) {
      if (err instanceof GrammyError) {
        if (isGone(err)) return "unsubscribed";
        logger.warn({ code: err.error_code, method: err.method }, "telegram: push refused");
        return err.error_code === 429 || err.error_code >= 500 ? "later" : "failed";
      }
      if (err instanceof HttpError) return "later";
      throw err;
    }
  };
}
