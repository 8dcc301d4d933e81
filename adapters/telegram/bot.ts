import { autoRetry } from "@grammyjs/auto-retry";
import { sequentialize } from "@grammyjs/runner";
import { Bot, type Context, type NextFunction } from "grammy";
import type { Update } from "grammy/types";
import type { Engine, Logger } from "../../src/index.js";
import { deliver, type DeliveryTarget } from "./deliver.js";
import { errorSummary } from "./errors.js";
import { toTelegramEvent } from "./inbound.js";
import { renderTelegram } from "./render.js";
import type { HandoffReply, SupportDesk } from "./support.js";

/** The updates the bot asks Telegram for. */
export const ALLOWED_UPDATES = ["message", "callback_query"] as const;

/** What the Telegram bot needs. */
export interface TelegramBotOptions {
  token: string;
  /** Another Bot API server (a local `telegram-bot-api`, an emulator in tests). */
  apiRoot?: string;
  engine: Engine;
  logger: Logger;
  /** The support group, when one is configured (`SUPPORT_TELEGRAM_CHAT_ID`). */
  support?: SupportDesk;
}

/** A configured bot plus a way to wait until no update is being handled. */
export interface TelegramBot {
  bot: Bot;
  /** Resolves when no update is in flight (after `stop`, so the store can close safely). */
  idle(): Promise<void>;
}

/** The kind of an update, for logs (never its content). */
const updateKind = (u: Update) => Object.keys(u).find((k) => k !== "update_id") ?? "unknown";

function inflightTracker() {
  let n = 0;
  const waiters: (() => void)[] = [];
  return {
    middleware: async (_ctx: Context, next: NextFunction) => {
      n++;
      try {
        await next();
      } finally {
        n--;
        if (n === 0) for (const w of waiters.splice(0)) w();
      }
    },
    idle: () => (n === 0 ? Promise.resolve() : new Promise<void>((resolve) => void waiters.push(resolve))),
  };
}

/**
 * Creates the grammY bot: 429 and 5xx answers retried (auto-retry), updates of one chat or user
 * handled in order (sequentialize), each update translated, answered by the engine, rendered
 * and delivered; errors caught per update and logged with its id, never its text.
 */
export function createTelegramBot(o: TelegramBotOptions): TelegramBot {
  const bot = new Bot(o.token, o.apiRoot ? { client: { apiRoot: o.apiRoot } } : {});
  bot.api.config.use(autoRetry({ maxRetryAttempts: 3, maxDelaySeconds: 60 }));
  const inflight = inflightTracker();
  bot.use(inflight.middleware);
  bot.use(sequentialize((ctx: Context) => [ctx.chat ? `c${ctx.chat.id}` : "", ctx.from ? `u${ctx.from.id}` : ""].filter(Boolean)));
  bot.use((ctx) => handle(ctx, o));
  bot.catch((err) => {
    o.logger.error({ update_id: err.ctx.update.update_id, kind: updateKind(err.ctx.update), err: errorSummary(err.error) }, "telegram: update failed");
  });
  return { bot, idle: inflight.idle };
}

async function handle(ctx: Context, o: TelegramBotOptions): Promise<void> {
  const started = Date.now();
  const { update } = ctx;
  const q = ctx.callbackQuery;
  // Answer every button press at once, whatever happens next, so the client's spinner stops.
  const answered = q ? ctx.answerCallbackQuery().catch((err: unknown) => o.logger.debug({ err: errorSummary(err) }, "telegram: answerCallbackQuery failed")) : undefined;
  try {
    if (o.support && ctx.chat?.id === o.support.chatId) return await staffUpdate(ctx, o.support, o.logger);
    const inbound = toTelegramEvent(update, { id: ctx.me.id, username: ctx.me.username });
    if (inbound.kind === "ignore") {
      await answered;
      o.logger.debug({ update_id: update.update_id, kind: updateKind(update), ignored: inbound.reason }, "telegram: update ignored");
      return;
    }
    const from = ctx.from;
    const chatId = ctx.chat?.id ?? from?.id;
    if (!from || chatId === undefined) return;
    const { locale, replies } = await o.engine.handle(inbound.event);
    const pressed = q?.message && q.message.date !== 0 ? { chatId: q.message.chat.id, messageId: q.message.message_id } : undefined;
    const target: DeliveryTarget = {
      chatId,
      userId: from.id,
      group: inbound.event.user.chat === "group",
      ...(pressed ? { pressed } : {}),
      ...(ctx.message ? { inbound: { chatId: ctx.message.chat.id, messageId: ctx.message.message_id } } : {}),
    };
    const ops = renderTelegram(replies, { botUsername: ctx.me.username, canEdit: !!pressed });
    const stats = await deliver(ctx.api, ops, target, o.logger);
    const handoffs = replies.filter((r): r is HandoffReply => r.kind === "handoff");
    if (handoffs.length > 0) await relay(ctx, o, handoffs, { userId: from.id, firstName: from.first_name, locale, fromGroup: target.group });
    await answered;
    o.logger.debug({ update_id: update.update_id, event: inbound.event.kind, replies: replies.length, ...stats, ms: Date.now() - started }, "telegram: update handled");
  } finally {
    await answered;
  }
}

/** Messages in the support group go to the support desk, never to the engine; nothing else there is answered. */
async function staffUpdate(ctx: Context, support: SupportDesk, logger: Logger): Promise<void> {
  const { update } = ctx;
  const outcome = ctx.message ? await support.onStaffMessage(ctx.api, ctx.message, { id: ctx.me.id, username: ctx.me.username }) : { ignored: "not-a-message" };
  if ("ignored" in outcome) logger.debug({ update_id: update.update_id, kind: updateKind(update), ignored: outcome.ignored, support: true }, "telegram: update ignored");
  else logger.debug({ update_id: update.update_id, support: outcome.action, ticket: outcome.ticket }, "telegram: update handled");
}

/** Relays the handoff replies to the support group; a failure is logged, the user's replies are already out. */
async function relay(ctx: Context, o: TelegramBotOptions, handoffs: HandoffReply[], who: Parameters<SupportDesk["relay"]>[1]): Promise<void> {
  if (!o.support) {
    o.logger.warn({ update_id: ctx.update.update_id }, "telegram: handoff without SUPPORT_TELEGRAM_CHAT_ID, nothing relayed");
    return;
  }
  try {
    await o.support.relay(ctx.api, who, handoffs);
  } catch (err) {
    o.logger.error(
      { update_id: ctx.update.update_id, err: errorSummary(err) },
      "telegram: could not relay to the support group (is the bot a member of SUPPORT_TELEGRAM_CHAT_ID?)",
    );
  }
}
