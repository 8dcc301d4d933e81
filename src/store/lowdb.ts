import { createHash } from "node:crypto";
import { chmod, mkdir, readFile } from "node:fs/promises";
import { join } from "node:path";
import { Low, type Adapter } from "lowdb";
import { z } from "zod";
import { createEventLog } from "./event-log.js";
import { StoreFileError, writeFileAtomic } from "./files.js";
import { userStateSchema, type UserState } from "./state.js";
import type { Store, Update } from "./store.js";

const shardSchema = z.object({ v: z.literal(1), users: z.record(z.string(), userStateSchema) });
type Shard = z.infer<typeof shardSchema>;

/** Options of the embedded store. */
export interface LowdbStoreOptions {
  /** Folder for the store files (created 0700; files are 0600). */
  dir: string;
  /** User files; more shards make each write smaller. */
  shards?: number;
  /** How long changes may wait before they are written (the durability window). */
  flushMs?: number;
  /** fsync each file before renaming it (power-loss safety at a throughput cost). */
  fsync?: boolean;
}

/**
 * A lowdb adapter for one shard. lowdb rewrites a whole file per write; to keep that cheap the
 * adapter keeps each user's JSON cached and re-serialises only users that changed.
 */
class ShardFile implements Adapter<Shard> {
  readonly cache = new Map<string, string>();
  constructor(
    readonly file: string,
    private readonly fsync: boolean,
  ) {}

  async read(): Promise<Shard | null> {
    let text: string;
    try {
      text = await readFile(this.file, "utf8");
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code === "ENOENT") return null;
      throw new StoreFileError(this.file, (err as Error).message);
    }
    let json: unknown;
    try {
      json = JSON.parse(text);
    } catch (err) {
      throw new StoreFileError(this.file, `not valid JSON: ${(err as Error).message}`);
    }
    const res = shardSchema.safeParse(json);
    if (!res.success) throw new StoreFileError(this.file, `unexpected content at ${res.error.issues[0]?.path.join(".")}`);
    return res.data;
  }

  async write(data: Shard): Promise<void> {
    const parts: string[] = [];
    for (const [key, user] of Object.entries(data.users)) {
      let json = this.cache.get(key);
      if (json === undefined) this.cache.set(key, (json = JSON.stringify(user)));
      parts.push(`${JSON.stringify(key)}:${json}`);
    }
    await writeFileAtomic(this.file, `{"v":1,"users":{${parts.join(",\n")}}}\n`, { fsync: this.fsync });
  }
}

interface ShardState {
  db: Low<Shard>;
  file: ShardFile;
  dirty: boolean;
  writing?: Promise<void>;
}

/**
 * The embedded default store: users in lowdb JSON files sharded by key, analytics in daily
 * JSON Lines files. Updates are applied in memory at once and written within `flushMs`
 * (one write in flight per shard, the latest state queued); every file is replaced atomically.
 */
export async function createLowdbStore(opts: LowdbStoreOptions): Promise<Store> {
  const n = opts.shards ?? 64;
  const flushMs = opts.flushMs ?? 250;
  await mkdir(opts.dir, { recursive: true, mode: 0o700 });
  await chmod(opts.dir, 0o700);
  const shards: ShardState[] = [];
  for (let i = 0; i < n; i++) {
    const file = new ShardFile(join(opts.dir, `users-${String(i).padStart(2, "0")}.json`), opts.fsync ?? false);
    const db = new Low<Shard>(file, { v: 1, users: {} });
    await db.read();
    shards.push({ db, file, dirty: false });
  }
  const events = await createEventLog(join(opts.dir, "events"));
  const shardOf = (key: string) => shards[createHash("md5").update(key).digest().readUInt32BE(0) % n] as ShardState;

  const writeShard = async (s: ShardState): Promise<void> => {
    while (s.dirty) {
      s.dirty = false;
      await s.db.write();
    }
  };
  const flushShard = (s: ShardState): Promise<void> => {
    if (!s.writing) s.writing = writeShard(s).finally(() => (s.writing = undefined));
    return s.writing;
  };
  let failure: unknown;
  const flushAll = async () => {
    await Promise.all([...shards.filter((s) => s.dirty || s.writing).map(flushShard), events.flush()]);
  };
  const timer = setInterval(() => {
    flushAll().catch((err: unknown) => (failure = err));
  }, flushMs);
  timer.unref();

  const touch = (s: ShardState, key: string) => {
    s.file.cache.delete(key);
    s.dirty = true;
  };

  return {
    async get(key) {
      const u = shardOf(key).db.data.users[key];
      return u ? structuredClone(u) : undefined;
    },
    async update<R>(key: string, fn: (prev: UserState | undefined) => Update<R>) {
      if (failure) throw failure;
      const s = shardOf(key);
      const { next, result } = fn(s.db.data.users[key]);
      if (next) s.db.data.users[key] = next;
      else delete s.db.data.users[key];
      touch(s, key);
      return result;
    },
    async forget(key) {
      const s = shardOf(key);
      const had = key in s.db.data.users;
      delete s.db.data.users[key];
      touch(s, key);
      const removed = await events.removeKey(key);
      await flushShard(s);
      return had || removed;
    },
    record: async (list) => events.append(list),
    events: (since) => events.read(since),
    async purgeIdle(cutoff) {
      const c = cutoff.toISOString();
      let removed = 0;
      for (const s of shards) {
        for (const [key, u] of Object.entries(s.db.data.users)) {
          if (u.lastSeen < c) {
            delete s.db.data.users[key];
            touch(s, key);
            removed++;
          }
        }
      }
      await events.dropBefore(cutoff);
      await flushAll();
      return removed;
    },
    size: async () => shards.reduce((a, s) => a + Object.keys(s.db.data.users).length, 0),
    flush: flushAll,
    async close() {
      clearInterval(timer);
      await flushAll();
    },
  };
}
