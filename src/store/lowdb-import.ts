import { mkdir, readdir } from "node:fs/promises";
import { join } from "node:path";
import { DEFAULT_SHARDS, ShardFile, shardIndex, shardName } from "./lowdb-shard.js";
import type { UserState } from "./state.js";

/**
 * Fills an empty lowdb store folder with users in one pass, through the store's own shard writer
 * (`ShardFile`), instead of one update per user. It refuses a folder that already holds store
 * files: a store another process may have open is only ever written by that process.
 *
 * @example
 * await importLowdbUsers("data/bench", users(), { shards: 64 });
 * const store = await createLowdbStore({ dir: "data/bench", shards: 64 });
 */
export async function importLowdbUsers(dir: string, users: Iterable<[key: string, state: UserState]>, opts: { shards?: number } = {}): Promise<number> {
  const n = opts.shards ?? DEFAULT_SHARDS;
  await mkdir(dir, { recursive: true, mode: 0o700 });
  const existing = (await readdir(dir)).filter((f) => f.endsWith(".json") || f.endsWith(".jsonl") || f === "events");
  if (existing.length) throw new Error(`${dir}: not an empty store folder (${existing[0]}); import only into a new store`);
  const shards = Array.from({ length: n }, () => new Map<string, string>());
  let count = 0;
  for (const [key, state] of users) {
    shards[shardIndex(key, n)]?.set(key, JSON.stringify(state));
    count++;
  }
  for (const [i, map] of shards.entries()) {
    await new ShardFile(join(dir, shardName(i)), false).write({ v: 1, users: map });
    shards[i] = new Map();
  }
  return count;
}
