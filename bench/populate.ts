import type { ContentPack } from "../src/content/pack.js";
import { userKey } from "../src/privacy/keys.js";
import { importLowdbUsers } from "../src/store/lowdb-import.js";
import { DEFAULT_SHARDS } from "../src/store/lowdb-shard.js";
import type { UserState } from "../src/store/state.js";
import { benchUser, syntheticState } from "./workload.js";

/** Where a benchmark store lives and what it holds. */
export interface PopulateTarget {
  pack: ContentPack;
  secret: string;
  size: number;
}

/**
 * Fills a new lowdb folder with `size` users through the store's bulk import (one writer of the
 * shard format, `src/store/lowdb-import.ts`), which takes seconds instead of `size` updates.
 */
export async function populateLowdb(dir: string, t: PopulateTarget, shards = DEFAULT_SHARDS): Promise<void> {
  const now = Date.now();
  function* users(): Generator<[string, UserState]> {
    for (let i = 0; i < t.size; i++) yield [userKey(benchUser(i), t.secret), syntheticState(t.pack, i, now)];
  }
  await importLowdbUsers(dir, users(), { shards });
}

/**
 * Fills Redis with `size` users the way the Redis store writes them, in pipelined batches.
 */
export async function populateRedis(url: string, prefix: string, t: PopulateTarget, retentionDays = 30): Promise<void> {
  const { openRedisAdmin } = await import("./redis-admin.js");
  const admin = await openRedisAdmin(url);
  const now = Date.now();
  function* users(): Generator<[string, UserState]> {
    for (let i = 0; i < t.size; i++) yield [userKey(benchUser(i), t.secret), syntheticState(t.pack, i, now)];
  }
  try {
    await admin.loadUsers(prefix, users(), retentionDays);
  } finally {
    await admin.close();
  }
}
