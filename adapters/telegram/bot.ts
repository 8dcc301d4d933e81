import { autoRetry } from "@grammyjs/auto-retry";
import { sequentialize } from "@grammyjs/runner";
import { Bot, type Context, type NextFunction } from "grammy";
import type { Update } from "grammy/types";
import { createScamWatchBook, serializeError, type Engine, type Logger, type Store, type TrafficMeter } from "../../src/index.js";
import { meterTraffic } from "./traffic.js";
import { onGroupWatch, type TelegramWatchDeps } from "./scam-watch.js";
import { createInflight, failTurn } from "../shared/edge.js";
import { deliver, type DeliveryTarget } from "./deliver.js";
import { retryServerErrors } from "./retry.js";
import { escapeHtml } from "./html.js";
import { toTelegramEvent } from "./inbound.js";
import { renderActions, renderTelegram } from "./render.js";
import { createTelegramSupport, type TelegramSupport } from "./support.js";
import { dropRedelivered } from "./redelivery.js";

/** The updates the bot asks Telegram for. */
export const ALLOWED_UPDATES = ["message", "callback_query"] as const;

/** What the Telegram bot needs. */
export interface TelegramBotOptions {
  token: string;
  /** Another Bot API server (a local `telegram-bot-api`, an emulator in tests). */
  apiRoot?: string;
  engine: Engine;
  logger: Logger;
  /** The support group's chat id, when one is configured (`SUPPORT_TELEGRAM_CHAT_ID`). */
  supportChatId?: number;
  /** Where the moderators' scam watch keeps its settings (`/scamwatch` in a group); no watch without it. */
  store?: Store;
  /** The process's outgoing budget: replies and 429s are reported to it (traffic.ts). */
  traffic?: TrafficMeter;
}

/** A configured bot plus a way to wait until no update is being handled. */
export interface TelegramBot {
  bot: Bot;
  /** Resolves when no update is in flight (after `stop`, so the store can close safely). */
  idle(): Promise<void>;
}

/** The kind of an update, for logs (never its content). */
const updateKind = (u: Update) => Object.keys(u).find((k) => k !== "update_id") ?? "unknown";

/**
 * Creates the grammY bot: 429 and 5xx answers retried (auto-retry), updates of one chat or user
 * handled in order (sequentialize), each update translated, answered by the engine, its handoff
 * actions carried out by the core's support desk, rendered and delivered. A failing update is
 * caught once (the edge policy): logged with its id and kind, never its text, and the user gets
 * the pack's apology.
 */
export function createTelegramBot(o: TelegramBotOptions): TelegramBot {
  const bot = new Bot(o.token, o.apiRoot ? { client: { apiRoot: o.apiRoot } } : {});
  if (o.traffic) bot.api.config.use(meterTraffic(o.traffic));
  // 429s: auto-retry honours retry_after; 5xx and network errors: short bounded retries (retry.ts).
  bot.api.config.use(autoRetry({ maxRetryAttempts: 3, maxDelaySeconds: 60, rethrowInternalServerErrors: true, rethrowHttpErrors: true }));
  bot.api.config.use(retryServerErrors());
  const support = createTelegramSupport({ api: bot.api, chatId: o.supportChatId, engine: o.engine, botUsername: () => bot.botInfo.username, logger: o.logger });
  const inflight = createInflight();
  bot.use(dropRedelivered());
  bot.use((_ctx: Context, next: NextFunction) => inflight.track(next));
  bot.use(sequentialize((ctx: Context) => [ctx.chat ? `c${ctx.chat.id}` : "", ctx.from ? `u${ctx.from.id}` : ""].filter(Boolean)));
  const watch: TelegramWatchDeps | undefined = o.store ? { engine: o.engine, book: createScamWatchBook(o.store, o.engine.pseudonym), logger: o.logger } : undefined;
  bot.use((ctx) => handle(ctx, o, support, watch));
  bot.catch(async (err) => {
    const ctx = err.ctx;
    const staff = support.chatId !== undefined && ctx.chat?.id === support.chatId;
    const chat = ctx.chat?.id ?? ctx.from?.id;
    await failTurn(err.error, {
      logger: o.logger,
      pack: o.engine.pack,
      ids: { update_id: ctx.update.update_id },
      kind: updateKind(ctx.update),
      ...(ctx.from?.language_code ? { localeHint: ctx.from.language_code } : {}),
      msg: FAILED,
      // The staff see the error in the log; users get the apology where they wrote.
      ...(chat !== undefined && !staff ? { apologize: (text: string) => ctx.api.sendMessage(chat, escapeHtml(text), { parse_mode: "HTML" }) } : {}),
    });
  });
  return { bot, idle: inflight.idle };
}

/** The log line of an update that failed (tests and operators look for it). */
export const FAILED = "telegram: update failed";

async function handle(ctx: Context, o: TelegramBotOptions, support: TelegramSupport, watch?: TelegramWatchDeps): Promise<void> {
  const started = Date.now();
  const { update } = ctx;
  const q = ctx.callbackQuery;
  // Answer every button press at once, whatever happens next, so the client's spinner stops.
  const answered = q ? ctx.answerCallbackQuery().catch((err: unknown) => o.logger.debug({ err: serializeError(err) }, "telegram: answerCallbackQuery failed")) : undefined;
  try {
    if (support.chatId !== undefined && ctx.chat?.id === support.chatId) return await staffUpdate(ctx, support, o.logger);
    // A group's scam watch (its /scamwatch command, or a message it warns about) ends the update here.
    if (watch && (await onGroupWatch(ctx, watch))) return;
    const inbound = toTelegramEvent(update, { id: ctx.me.id, username: ctx.me.username });
    if (inbound.kind === "ignore") {
      await answered;
      o.logger.debug({ update_id: update.update_id, kind: updateKind(update), ignored: inbound.reason }, "telegram: update ignored");
      return;
    }
    const from = ctx.from;
    const chatId = ctx.chat?.id ?? from?.id;
    if (!from || chatId === undefined) return;
    const group = inbound.event.user.chat === "group";
    const { result, opened, relayed, unavailable } = await support.desk.carryOut(inbound.event.user, await o.engine.handle(inbound.event), {
      firstName: from.first_name,
      fromGroup: group,
    });
    const { replies } = result;
    const pressed = q?.message && q.message.date !== 0 ? { chatId: q.message.chat.id, messageId: q.message.message_id } : undefined;
    const target: DeliveryTarget = {
      chatId,
      userId: from.id,
      group,
      ...(pressed ? { pressed } : {}),
      ...(ctx.message ? { inbound: { chatId: ctx.message.chat.id, messageId: ctx.message.message_id } } : {}),
    };
    const ops = [...renderActions(result.actions), ...renderTelegram(replies, { botUsername: ctx.me.username, canEdit: !!pressed })];
    const stats = await deliver(ctx.api, ops, target, o.logger);
    await answered;
    const handoff = opened ? { ticket: opened.ticket, handoff: "opened" } : relayed ? { ticket: relayed.ticket, handoff: "relayed" } : unavailable ? { handoff: "unavailable" } : {};
    o.logger.debug({ update_id: update.update_id, event: inbound.event.kind, replies: replies.length, ...handoff, ...stats, ms: Date.now() - started }, "telegram: update handled");
  } finally {
    await answered;
  }
}

/** Messages in the support group go to the support desk, never to the engine; nothing else there is answered. */
async function staffUpdate(ctx: Context, support: TelegramSupport, logger: Logger): Promise<void> {
  const { update } = ctx;
  const outcome = ctx.message ? await support.onStaffMessage(ctx.message, { id: ctx.me.id, username: ctx.me.username }) : { ignored: "not-a-message" };
  if ("ignored" in outcome) logger.debug({ update_id: update.update_id, kind: updateKind(update), ignored: outcome.ignored, support: true }, "telegram: update ignored");
  else logger.debug({ update_id: update.update_id, support: outcome.action, ticket: outcome.ticket }, "telegram: update handled");
}
