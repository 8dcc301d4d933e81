import { join } from "node:path";
import type { Config } from "../config.js";
import { createLowdbStore } from "./lowdb.js";
import { createMemoryStore } from "./memory.js";
import type { Store, StoreLogger } from "./store.js";

/**
 * Opens the store named by `STORE_URL`: `lowdb:<dir>` (default: `<DATA_DIR>/store`), `memory:`,
 * or `redis://…` / `rediss://…` (scale-out; users and events expire after `RETENTION_DAYS`).
 * The Redis client is loaded only when a Redis URL is given. `logger` hears of disk failures and
 * unreadable values (codes only).
 */
export async function openStore(config: Pick<Config, "STORE_URL" | "DATA_DIR" | "RETENTION_DAYS">, opts: { logger?: StoreLogger } = {}): Promise<Store> {
  const logger = opts.logger ? { logger: opts.logger } : {};
  const url = config.STORE_URL ?? `lowdb:${join(config.DATA_DIR, "store")}`;
  if (url.startsWith("memory:")) return createMemoryStore();
  if (url.startsWith("lowdb:")) return createLowdbStore({ dir: url.slice("lowdb:".length) || join(config.DATA_DIR, "store"), ...logger });
  if (url.startsWith("redis:") || url.startsWith("rediss:")) {
    const { createRedisStore } = await import("./redis.js");
    return createRedisStore({ url, retentionDays: config.RETENTION_DAYS, ...logger });
  }
  throw new Error(`unsupported STORE_URL ${url.replace(/\/\/([^@/]*)@/, "//***@")}`);
}
