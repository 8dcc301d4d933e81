import { Redis } from "ioredis";
import type { UserState } from "../src/store/state.js";

/** Bulk operations on a Redis store's data, off the chat path: the benchmark fills and clears stores with them. */
export interface RedisAdmin {
  /** Writes users the way the store does (JSON string with expiry, and the `users` index), pipelined. */
  loadUsers(prefix: string, users: Iterable<[key: string, state: UserState]>, retentionDays?: number): Promise<void>;
  /** Deletes every key under `prefix`, leaving the rest of a shared Redis alone. */
  clear(prefix: string): Promise<void>;
  /** Memory Redis uses for data, in bytes (INFO `used_memory`). */
  usedMemory(): Promise<number>;
  /** Compacts the append-only file now and waits until done (a long-running server's steady state). */
  rewriteAof(): Promise<void>;
  close(): Promise<void>;
}

/** Opens a {@link RedisAdmin} on `url`. */
export async function openRedisAdmin(url: string): Promise<RedisAdmin> {
  const redis = new Redis(url, { lazyConnect: true });
  await redis.connect();
  return {
    async loadUsers(prefix, list, retentionDays = 30) {
      const ttl = Math.round(retentionDays * 86_400);
      const send = async (batch: [string, UserState][]) => {
        const pipe = redis.pipeline();
        for (const [key, s] of batch) pipe.set(`${prefix}u:${key}`, JSON.stringify(s), "EX", ttl);
        pipe.zadd(`${prefix}users`, ...batch.flatMap(([key, s]) => [Date.parse(s.lastSeen), key]));
        const failed = (await pipe.exec())?.find(([err]) => err);
        if (failed) throw failed[0];
      };
      const batch: [string, UserState][] = [];
      for (const entry of list) {
        batch.push(entry);
        if (batch.length >= 5000) await send(batch.splice(0));
      }
      if (batch.length) await send(batch);
    },
    async clear(prefix) {
      let cursor = "0";
      do {
        const [next, keys] = await redis.scan(cursor, "MATCH", `${prefix}*`, "COUNT", 10_000);
        cursor = next;
        if (keys.length) await redis.unlink(...keys);
      } while (cursor !== "0");
    },
    async usedMemory() {
      const info = await redis.info("memory");
      return Number(/used_memory:(\d+)/.exec(info)?.[1] ?? 0);
    },
    async rewriteAof() {
      const busy = async () => /aof_rewrite_in_progress:1|aof_rewrite_scheduled:1/.test(await redis.info("persistence"));
      while (await busy()) await new Promise((r) => setTimeout(r, 100));
      await redis.bgrewriteaof();
      while (await busy()) await new Promise((r) => setTimeout(r, 100));
    },
    close: async () => void (await redis.quit()),
  };
}
