import type { ChannelPush, Engine, Logger, Reply, Store } from "../../src/index.js";
import { WEB_PLATFORM } from "./inbound.js";

/** A message the bot started (an update, a reminder) waiting for the user's next visit. */
export interface WaitingMessage {
  locale: string;
  replies: Reply[];
}

/** Messages kept per user at most; the oldest go first beyond it. */
export const INBOX_MAX = 20;
/** How long a waiting message is kept for a user who does not come back. */
export const INBOX_TTL_MS = 90 * 86_400_000;
const PREFIX = "web-inbox:";

/**
 * The web chat's "shown on next visit": the web has no push, so a message the bot starts is
 * stored for the user (setting `web-inbox:<key>`, owned by the user's pseudonymous key, so
 * `/forget` and the retention purge delete it; bot-written text only, never the user's) and
 * sent when their page next connects, then deleted (delivered). Reads and writes of one user run
 * one after another in this process, so two tabs opening at once see a message once.
 */
export interface WebInbox {
  /** Stores `message` for the user's next visit. */
  put(userId: string, message: WaitingMessage): Promise<void>;
  /**
   * Hands the waiting messages to `show`, oldest first, and deletes those it took; `show`
   * returns false when it could not show one (the socket closed), which stays for next time.
   */
  deliver(userId: string, show: (m: WaitingMessage) => boolean): Promise<number>;
}

/** The inbox over the store's settings. */
export function createWebInbox(store: Store, keyOf: Engine["keyOf"]): WebInbox {
  const queues = new Map<string, Promise<unknown>>();
  const serial = <T>(key: string, fn: () => Promise<T>): Promise<T> => {
    const run = (queues.get(key) ?? Promise.resolve()).then(fn, fn);
    const tail = run.catch(() => undefined);
    queues.set(key, tail);
    void tail.then(() => queues.get(key) === tail && queues.delete(key));
    return run;
  };
  const read = async (name: string): Promise<WaitingMessage[]> => {
    const raw = await store.getSetting(name);
    if (!raw) return [];
    try {
      const list: unknown = JSON.parse(raw);
      return Array.isArray(list) ? (list as WaitingMessage[]) : [];
    } catch {
      return [];
    }
  };
  const write = (name: string, key: string, list: WaitingMessage[]) =>
    store.setSetting(name, list.length ? JSON.stringify(list) : undefined, { owner: key, ttlMs: INBOX_TTL_MS });
  return {
    put(userId, message) {
      const key = keyOf({ platform: WEB_PLATFORM, userId });
      return serial(key, async () => {
        const list = [...(await read(PREFIX + key)), { locale: message.locale, replies: message.replies }];
        await write(PREFIX + key, key, list.slice(-INBOX_MAX));
      });
    },
    deliver(userId, show) {
      const key = keyOf({ platform: WEB_PLATFORM, userId });
      return serial(key, async () => {
        const list = await read(PREFIX + key);
        if (!list.length) return 0;
        let shown = 0;
        while (shown < list.length && show(list[shown]!)) shown++;
        if (shown) await write(PREFIX + key, key, list.slice(shown));
        return shown;
      });
    },
  };
}

/**
 * The push capability of the web chat: the message is stored for the user's next visit
 * ("sent" once it is stored; the outbox records that); a store failure is tried again later.
 */
export function createWebPush(inbox: WebInbox, logger: Logger): ChannelPush {
  return async (to, message) => {
    try {
      await inbox.put(to.userId, message);
      return "sent";
    } catch (err) {
      logger.warn({ err }, "web: could not keep a message for the next visit");
      return "later";
    }
  };
}
