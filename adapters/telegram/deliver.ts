import { GrammyError, type Api } from "grammy";
import { serializeError, type Logger } from "../../src/index.js";
import type { TelegramMessage, TelegramOp } from "./render.js";

/** A message in a chat. */
export interface MessageRef {
  chatId: number;
  messageId: number;
}

/** Where one update's replies go. */
export interface DeliveryTarget {
  chatId: number;
  /** The user who wrote or pressed, for private notices. */
  userId: number;
  group: boolean;
  /** The bot message whose button was pressed (edited in place where the renderer says so). */
  pressed?: MessageRef;
  /** The user's message: deleted when it held a secret, replied to in groups. */
  inbound?: MessageRef;
}

/** What a delivery did, for the log. */
export interface DeliveryStats {
  sent: number;
  edited: number;
  editFallbacks: number;
}

const options = (m: TelegramMessage) => ({
  parse_mode: "HTML" as const,
  link_preview_options: { is_disabled: true },
  ...(m.keyboard ? { reply_markup: m.keyboard } : {}),
});

/**
 * Carries out rendered operations in order. Editing falls back to a new message (the message is
 * too old, unchanged or gone); deleting a user's message is best-effort.
 * Sending failures are thrown to the update's error handler.
 */
export async function deliver(api: Api, ops: readonly TelegramOp[], to: DeliveryTarget, logger: Logger): Promise<DeliveryStats> {
  const stats: DeliveryStats = { sent: 0, edited: 0, editFallbacks: 0 };
  let replyTo = to.group ? to.inbound : undefined;
  const send = async (chatId: number, m: TelegramMessage) => {
    const reply = chatId === to.chatId && replyTo ? { reply_parameters: { message_id: replyTo.messageId, allow_sending_without_reply: true } } : {};
    replyTo = undefined;
    await api.sendMessage(chatId, m.html, { ...options(m), ...reply });
    stats.sent++;
  };

  for (const op of ops) {
    switch (op.op) {
      case "send":
        await send(to.chatId, op.message);
        break;
      case "edit":
        if (!to.pressed) {
          await send(to.chatId, op.message);
          break;
        }
        try {
          await api.editMessageText(to.pressed.chatId, to.pressed.messageId, op.message.html, options(op.message));
          stats.edited++;
        } catch (err) {
          if (!(err instanceof GrammyError)) throw err;
          logger.debug({ err: serializeError(err) }, "telegram: edit failed, sending a new message");
          stats.editFallbacks++;
          await send(to.chatId, op.message);
        }
        break;
      case "delete-inbound":
        if (!to.inbound) break;
        try {
          await api.deleteMessage(to.inbound.chatId, to.inbound.messageId);
        } catch (err) {
          // Expected where the bot is not an admin with "delete messages": the notice still goes out.
          logger.warn({ err: serializeError(err), chat: to.inbound.chatId }, "telegram: could not delete a message holding a secret");
        }
        break;
      case "notify-private":
        if (!to.group) {
          await send(to.chatId, op.message);
          break;
        }
        try {
          await api.sendMessage(to.userId, op.message.html, options(op.message));
          stats.sent++;
        } catch (err) {
          // The user never started a private chat with the bot: say it in the group (the notice is generic).
          logger.debug({ err: serializeError(err) }, "telegram: private notice failed, posting in the group");
          await send(to.chatId, op.message);
        }
        break;
      default: {
        const never: never = op;
        throw new Error(`unhandled operation ${JSON.stringify(never)}`);
      }
    }
  }
  return stats;
}
