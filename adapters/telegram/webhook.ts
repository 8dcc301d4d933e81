import { randomBytes } from "node:crypto";
import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { webhookCallback, type Bot } from "grammy";
import { serializeError, type Logger, type StoreHealth } from "../../src/index.js";
import { ALLOWED_UPDATES } from "./bot.js";
import type { UpdateLoop } from "./polling.js";

/** Webhook settings (from `TELEGRAM_WEBHOOK_*`). */
export interface WebhookOptions {
  /** The public https URL Telegram posts to; its path is the path served here. */
  url: string;
  port: number;
  /** Interface to listen on (default: all). */
  host?: string;
  /** Expected `X-Telegram-Bot-Api-Secret-Token`; a random one is made (and registered) when unset. */
  secret?: string;
  logger: Logger;
  /** The store's health, reported by `GET /healthz` (200, or 503 with the reason). */
  health?: () => StoreHealth;
}

/** Longest a webhook request waits for its update; later, Telegram gets 200 and handling goes on. */
const WEBHOOK_ANSWER_MS = 25_000;

/**
 * Webhook mode: a node:http server answering `POST <path of url>` (secret token checked in
 * constant time by grammY) and `GET /healthz`, then `setWebhook` with the URL and secret.
 * The webhook is left registered on stop so that Telegram queues updates for the next start.
 */
export async function startWebhook(bot: Bot, o: WebhookOptions): Promise<UpdateLoop & { port: number }> {
  const secretToken = o.secret ?? randomBytes(32).toString("base64url");
  const path = new URL(o.url).pathname || "/";
  const callback = webhookCallback(bot, "http", { secretToken, onTimeout: "return", timeoutMilliseconds: WEBHOOK_ANSWER_MS });
  const answer = (res: ServerResponse, status: number, body: string) =>
    res.writeHead(status, { "Content-Type": "application/json" }).end(body);

  const server = createServer((req: IncomingMessage, res: ServerResponse) => {
    const pathname = new URL(req.url ?? "/", "http://localhost").pathname;
    if (pathname === "/healthz" && req.method === "GET") {
      const h = o.health?.() ?? { ok: true };
      return answer(res, h.ok ? 200 : 503, JSON.stringify(h.ok ? { ok: true, store: "ok" } : { ok: false, store: "unavailable", reason: h.reason, since: h.since }));
    }
    if (pathname !== path) return answer(res, 404, '{"ok":false}');
    if (req.method !== "POST") return answer(res, 405, '{"ok":false}');
    callback(req, res).catch((err: unknown) => {
      o.logger.warn({ err: serializeError(err) }, "telegram: webhook request failed");
      if (!res.headersSent) answer(res, 400, '{"ok":false}');
    });
  });
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(o.port, o.host, () => {
      server.off("error", reject);
      resolve();
    });
  });
  let closed!: () => void;
  const done = new Promise<void>((resolve) => (closed = resolve));
  server.once("close", () => closed());
  try {
    await bot.api.setWebhook(o.url, { secret_token: secretToken, allowed_updates: ALLOWED_UPDATES, drop_pending_updates: false });
  } catch (err) {
    server.close();
    throw err;
  }
  return {
    mode: "webhook",
    port: (server.address() as AddressInfo).port,
    done,
    stop: async () => {
      server.close();
      server.closeIdleConnections();
      await done;
    },
  };
}
