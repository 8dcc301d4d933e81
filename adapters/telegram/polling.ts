import { run } from "@grammyjs/runner";
import type { Bot, Transformer } from "grammy";
import { serializeError, type Logger } from "../../src/index.js";
import { ALLOWED_UPDATES } from "./bot.js";

/** A running update loop (long polling or webhook). */
export interface UpdateLoop {
  mode: "polling" | "webhook";
  /** Resolves when the loop ends, by `stop` or by itself (revoked token, another instance polling). */
  done: Promise<void>;
  stop(): Promise<void>;
}

/** The part of an AbortSignal used here (grammY's and the platform's types differ). */
interface Abortable {
  aborted: boolean;
  addEventListener(type: "abort", fn: () => void, opts?: { once?: boolean }): void;
  removeEventListener(type: "abort", fn: () => void): void;
}

const pause = (ms: number, signal?: Abortable) =>
  new Promise<void>((resolve) => {
    if (ms <= 0 || signal?.aborted) return resolve();
    const timer = setTimeout(done, ms);
    signal?.addEventListener("abort", done, { once: true });
    function done() {
      clearTimeout(timer);
      signal?.removeEventListener("abort", done);
      resolve();
    }
  });

/**
 * An API transformer for `getUpdates`: logs failed polls (the runner retries them) and, when a
 * poll comes back empty sooner than `minEmptyPollMs`, waits out the rest. Telegram holds an empty
 * long poll for its whole timeout, so this only acts against Bot API servers that ignore it
 * (emulators, misconfigured proxies), where the loop would otherwise spin.
 */
export function pollGuard(minEmptyPollMs: number, logger: Logger): Transformer {
  return async (prev, method, payload, signal) => {
    if (method !== "getUpdates") return prev(method, payload, signal);
    const started = Date.now();
    try {
      const res = await prev(method, payload, signal);
      if (!res.ok) logger.warn({ code: res.error_code, message: res.description }, "telegram: getUpdates failed");
      else if (Array.isArray(res.result) && res.result.length === 0) await pause(minEmptyPollMs - (Date.now() - started), signal);
      return res;
    } catch (err) {
      if (!signal?.aborted) logger.warn({ err: serializeError(err) }, "telegram: getUpdates failed");
      throw err;
    }
  };
}

/**
 * Long polling with grammY's runner: updates are fetched continuously and handled concurrently
 * across chats (the bot's `sequentialize` keeps each chat in order). Removes a webhook left over
 * from webhook mode first, since Telegram refuses `getUpdates` while one is set.
 */
export async function startPolling(bot: Bot, o: { logger: Logger; minEmptyPollMs?: number }): Promise<UpdateLoop> {
  bot.api.config.use(pollGuard(o.minEmptyPollMs ?? 1000, o.logger));
  await bot.api.deleteWebhook({ drop_pending_updates: false });
  const runner = run(bot, { runner: { fetch: { allowed_updates: ALLOWED_UPDATES }, silent: true } });
  const done = (runner.task() ?? Promise.resolve()).then(
    () => undefined,
    (err: unknown) => o.logger.error({ err: serializeError(err) }, "telegram: polling stopped"),
  );
  return {
    mode: "polling",
    done,
    stop: async () => {
      if (runner.isRunning()) await runner.stop();
      await done;
    },
  };
}
