import { mkdir, writeFile } from "node:fs/promises";
import { join } from "node:path";
import type { ContentPack } from "../content/pack.js";
import { userKey } from "../privacy/keys.js";
import { DEFAULT_SHARDS, lowdbShardFile, shardName } from "../store/lowdb-shard.js";
import type { UserState } from "../store/state.js";
import { benchUser, syntheticState } from "./bench-workload.js";

/** Where a benchmark store lives and what it holds. */
export interface PopulateTarget {
  pack: ContentPack;
  secret: string;
  size: number;
}

/**
 * Fills a lowdb folder with `size` users by writing the shard files directly (the format
 * `createLowdbStore` reads), which takes seconds instead of `size` updates.
 */
export async function populateLowdb(dir: string, t: PopulateTarget, shards = DEFAULT_SHARDS): Promise<void> {
  await mkdir(dir, { recursive: true, mode: 0o700 });
  const now = Date.now();
  const files = new Map<string, string[]>();
  for (let i = 0; i < t.size; i++) {
    const key = userKey(benchUser(i), t.secret);
    const file = lowdbShardFile(dir, key, shards);
    let parts = files.get(file);
    if (!parts) files.set(file, (parts = []));
    parts.push(`${JSON.stringify(key)}:${JSON.stringify(syntheticState(t.pack, i, now))}`);
  }
  for (let i = 0; i < shards; i++) {
    const file = join(dir, shardName(i));
    await writeFile(file, `{"v":1,"users":{${(files.get(file) ?? []).join(",\n")}}}\n`, { mode: 0o600 });
    files.delete(file);
  }
}

/**
 * Fills Redis with `size` users the way the Redis store writes them, in pipelined batches.
 */
export async function populateRedis(url: string, prefix: string, t: PopulateTarget, retentionDays = 30): Promise<void> {
  const { openRedisAdmin } = await import("../store/redis.js");
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
