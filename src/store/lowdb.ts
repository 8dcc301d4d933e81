import { chmod, mkdir, rm } from "node:fs/promises";
import { join } from "node:path";
import { Low } from "lowdb";
import { createEventLog } from "./event-log.js";
import { journalLine, journalName, listJournals, openJournal, replayJournal, type Journal } from "./lowdb-journal.js";
import { createDiskOutage } from "./lowdb-outage.js";
import { openSettingsTable } from "./lowdb-settings-table.js";
import { DEFAULT_SHARDS, ShardFile, shardIndex, shardName, type Shard } from "./lowdb-shard.js";
import type { UserState } from "./state.js";
import type { Store, StoreLogger, Update } from "./store.js";

export { lowdbShardFile } from "./lowdb-shard.js";
export { StoreWriteError } from "./lowdb-outage.js";

/** Options of the embedded store. */
export interface LowdbStoreOptions {
  /** Folder for the store files (created 0700; files are 0600). */
  dir: string;
  /** User files; more shards make each compaction step smaller. Changing it needs an empty store. */
  shards?: number;
  /** How long changes may wait before they are appended to the journal (the durability window). */
  flushMs?: number;
  /** fsync the journal after each append and each shard file before renaming it (power-loss safety at a throughput cost). */
  fsync?: boolean;
  /** Fold the journal into the shard files once it holds this many bytes… */
  compactBytes?: number;
  /** …or when this much time has passed since the last compaction. */
  compactMs?: number;
  /** Where a disk failure and its recovery are reported (one line each per outage; codes, never content). */
  logger?: StoreLogger;
  /** The clock for setting expiry and compaction age (epoch ms; tests pass their own). */
  clock?: () => number;
  /** Longest wait between two retries while the disk fails (default 30 s; the wait doubles from `flushMs`). */
  maxRetryMs?: number;
}

interface ShardState {
  db: Low<Shard>;
  dirty: boolean;
}

const nextTick = () => new Promise((r) => setImmediate(r));

/**
 * The embedded default store: users in lowdb JSON files sharded by key, analytics in daily JSON
 * Lines files. An update changes memory at once and appends the user's new state to a journal
 * within `flushMs`; from time to time (`compactBytes` / `compactMs`, and on close) the changed
 * shards are rewritten, one at a time and each atomically, and the journal is dropped. On open,
 * a journal left by a crash is replayed over the shards.
 */
export async function createLowdbStore(opts: LowdbStoreOptions): Promise<Store> {
  const n = opts.shards ?? DEFAULT_SHARDS;
  const flushMs = opts.flushMs ?? 250;
  const compactBytes = opts.compactBytes ?? 32 * 2 ** 20;
  const compactMs = opts.compactMs ?? 5 * 60_000;
  const fsync = opts.fsync ?? false;
  const now = opts.clock ?? Date.now;
  const maxRetryMs = opts.maxRetryMs ?? 30_000;
  await mkdir(opts.dir, { recursive: true, mode: 0o700 });
  await chmod(opts.dir, 0o700);
  const shards: ShardState[] = [];
  for (let i = 0; i < n; i++) {
    const db = new Low<Shard>(new ShardFile(join(opts.dir, shardName(i)), fsync), { v: 1, users: new Map() });
    await db.read();
    shards.push({ db, dirty: false });
  }
  const shardOf = (key: string) => shards[shardIndex(key, n)] as ShardState;
  const set = (key: string, json: string | undefined, s = shardOf(key)) => {
    if (json === undefined) s.db.data.users.delete(key);
    else s.db.data.users.set(key, json);
    s.dirty = true;
  };

  const leftover = await listJournals(opts.dir);
  for (const j of leftover) await replayJournal(j.file, set);
  const settings = await openSettingsTable(opts.dir, { fsync, now });
  const events = await createEventLog(join(opts.dir, "events"));
  let retired = leftover.map((j) => j.file);
  let seq = (leftover.at(-1)?.seq ?? 0) + 1;
  let journal: Journal = await openJournal(join(opts.dir, journalName(seq)), fsync);

  let lastCompaction = now();
  let compacting: Promise<void> | undefined;
  /** Starts a new journal, rewrites the shards changed so far, then deletes the older journals. */
  const compact = (): Promise<void> =>
    (compacting ??= (async () => {
      const next = await openJournal(join(opts.dir, journalName(++seq)), fsync);
      const prev = journal;
      journal = next;
      retired.push(prev.file);
      // Lines the old journal could not take (a failing disk) move on to the new one, in order.
      await prev.flush().catch(() => undefined);
      for (const line of prev.drain()) next.append(line);
      await prev.close().catch(() => undefined);
      const dirty = shards.filter((s) => s.dirty);
      for (const s of dirty) s.dirty = false;
      for (const [i, s] of dirty.entries()) {
        try {
          await s.db.write();
        } catch (err) {
          // This shard and the ones not reached yet wait for the next compaction; the journals stay.
          for (const left of dirty.slice(i)) left.dirty = true;
          throw err;
        }
        await nextTick();
      }
      const done = retired;
      retired = [];
      for (const f of done) await rm(f, { force: true });
      lastCompaction = now();
    })().finally(() => (compacting = undefined)));
  if (leftover.length > 0) await compact();

  const outage = createDiskOutage({ now, flushMs, maxRetryMs, logger: opts.logger });
  /** A journal whose write failed may end in a torn line: move what it did not take into a fresh one. */
  let journalBroken = false;
  const flush = async () => {
    if (journalBroken) {
      const next = await openJournal(join(opts.dir, journalName(++seq)), fsync);
      const prev = journal;
      for (const line of prev.drain()) next.append(line);
      journal = next;
      journalBroken = false;
      retired.push(prev.file); // kept for replay until the next compaction
      await prev.close().catch(() => undefined); // nothing left to write; closing a failed file may fail too
    }
    await Promise.all([journal.flush().catch((err: unknown) => Promise.reject(((journalBroken = true), err))), events.flush()]);
  };
  const tick = async () => {
    if (outage.waiting()) return;
    try {
      await flush();
      const due = journal.bytes >= compactBytes || (now() - lastCompaction >= compactMs && shards.some((s) => s.dirty));
      if (due && !compacting) await compact();
    } catch (err) {
      outage.failed(err);
      return;
    }
    outage.recovered();
  };
  let ticking: Promise<void> | undefined;
  const timer = setInterval(() => {
    ticking ??= tick().finally(() => (ticking = undefined));
  }, flushMs);
  timer.unref();

  /** Changes one user in memory and journals it (`s`: the user's shard, when the caller has it). */
  const write = (key: string, json: string | undefined, s?: ShardState) => {
    set(key, json, s);
    journal.append(journalLine(key, json));
  };

  return {
    health: () => outage.health(),
    async get(key) {
      const json = shardOf(key).db.data.users.get(key);
      return json === undefined ? undefined : (JSON.parse(json) as UserState);
    },
    async update<R>(key: string, fn: (prev: UserState | undefined) => Update<R>) {
      outage.throwIfDown();
      const shard = shardOf(key);
      const json = shard.db.data.users.get(key);
      const { next, result } = fn(json === undefined ? undefined : (JSON.parse(json) as UserState));
      write(key, next ? JSON.stringify(next) : undefined, shard);
      return result;
    },
    async forget(key) {
      const had = shardOf(key).db.data.users.has(key);
      write(key, undefined);
      const removed = await events.removeKey(key);
      const owned = settings.drop((k) => settings.ownerOf(k) === key);
      await Promise.all([journal.flush(), owned ? settings.save() : undefined]);
      // Deleting means deleted on disk now: rewrite the shards and drop the journals that still
      // hold the user's earlier states, rather than waiting for the next compaction.
      await compacting;
      await compact();
      return had || removed || owned;
    },
    record: async (list) => events.append(list),
    events: (since) => events.read(since),
    eventDays: () => events.days(),
    async purgeIdle(cutoff) {
      const c = cutoff.toISOString();
      let removed = 0;
      let seen = 0;
      const gone = new Set<string>();
      for (const s of shards) {
        // Keys taken first, each state read as it is now: the purge runs beside live turns.
        for (const key of [...s.db.data.users.keys()]) {
          const json = s.db.data.users.get(key);
          if (json !== undefined && (JSON.parse(json) as UserState).lastSeen < c) {
            write(key, undefined);
            gone.add(key);
            removed++;
          }
          if (++seen % 2000 === 0) await nextTick();
        }
      }
      const t = now();
      const orphan = (k: string) => gone.has(settings.ownerOf(k) ?? "");
      if (settings.drop((k) => settings.expired(k, t) || orphan(k))) await settings.save();
      await events.dropBefore(cutoff);
      await flush();
      if (removed > 0) {
        await compacting;
        await compact();
      }
      return removed;
    },
    size: async () => shards.reduce((a, s) => a + s.db.data.users.size, 0),
    getSetting: async (key) => settings.get(key),
    setSetting: (key, value, opts = {}) => settings.set(key, value, opts),
    claimSetting: (key, value, opts = {}) => settings.claim(key, value, opts),
    getSettings: async (keys) => keys.map((k) => settings.get(k)),
    setSettings: (entries) => settings.setMany(entries),
    claimSettings: (entries) => settings.claimMany(entries),
    async *listSettings(prefix) {
      yield* settings.list(prefix);
    },
    flush,
    async close() {
      clearInterval(timer);
      await flush();
      await compacting;
      await compact();
      await journal.close();
      await rm(journal.file, { force: true });
      await settings.close();
    },
  };
}
