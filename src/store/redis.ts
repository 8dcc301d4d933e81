import { Redis } from "ioredis";
import { createEventBuffer } from "./redis-events.js";
import { CAS_LUA, CLAIM_LUA, CLAIM_MANY_LUA, FORGET_LUA, RECORD_LUA, SETTING_LUA, type RedisScripts } from "./redis-scripts.js";
import { redisSettings } from "./redis-settings.js";
import { analyticsEventSchema, userStateSchema, type AnalyticsEvent, type UserState } from "./state.js";
import type { Store, StoreLogger, Update } from "./store.js";

/** Options of the Redis store. */
export interface RedisStoreOptions {
  /** `redis://[:password@]host:port[/db]` or `rediss://…` (TLS). */
  url: string;
  /** Users and events expire this many days after their last update (RETENTION_DAYS). */
  retentionDays?: number;
  /** Namespace of every key; default `afterleak:`. */
  prefix?: string;
  /** Lost compare-and-set races in a row before an update gives up with an error. */
  maxAttempts?: number;
  /** Analytics events wait this long to be written together (they are read only by statistics). */
  eventsFlushMs?: number;
  /** Users whose last known state this instance keeps, to skip the read before an update. */
  cacheSize?: number;
  /** Where unreadable values are reported (their kind and the field, never the value or the key). */
  logger?: StoreLogger;
  /**
   * The clock (epoch ms) for retention and setting expiry as reads see them, so a test need not
   * wait for Redis's own expiry (which still deletes the keys). Default `Date.now`.
   */
  clock?: () => number;
}

const DAY_MS = 86_400_000;
const PAGE = 1000;
/** Events per script call, and the most kept while Redis cannot be reached (older ones are dropped). */
const EVENT_BATCH = 200;
const MAX_PENDING_EVENTS = 50_000;

/** The printable form of a Redis URL: the password replaced, so it can go into errors and logs. */
export function safeRedisUrl(url: string): string {
  return url.replace(/\/\/([^@/]*)@/, "//***@");
}

/**
 * The scale-out store: every instance of the bot shares one Redis. An update runs `fn` on the
 * user's state and writes back with a compare-and-set script, which refuses (and returns the
 * current state, for an immediate retry) when another instance changed the user in between, so
 * concurrent instances never lose progress. The state last seen per user is cached, so an update
 * is usually one round trip; `get` always reads Redis. Users and events expire by themselves after
 * `retentionDays` (EXPIRE on every write); analytics events are batched every `eventsFlushMs`
 * into one stream per day. Updates are acknowledged once Redis has them; how durable that is
 * depends on Redis persistence (`appendonly yes`, see docs/scale.md).
 *
 * @example
 * const store = await createRedisStore({ url: "redis://127.0.0.1:6379", retentionDays: 30 });
 */
export async function createRedisStore(opts: RedisStoreOptions): Promise<Store> {
  const p = opts.prefix ?? "afterleak:";
  const ttl = Math.round((opts.retentionDays ?? 30) * 86_400);
  const retentionMs = ttl * 1000;
  const maxAttempts = opts.maxAttempts ?? 100;
  const eventsFlushMs = opts.eventsFlushMs ?? 100;
  const cacheSize = opts.cacheSize ?? 10_000;
  const now = opts.clock ?? Date.now;
  // No auto-pipelining: messages arrive one per event-loop turn, so each batch would hold one
  // command, and building a pipeline per command costs more CPU and five times the GC (measured).
  // While disconnected, commands fail at once instead of waiting in ioredis's offline queue (which
  // grows without bound during an outage and would apply a turn long after the user was told it
  // failed); commands in flight when the connection drops are not resent for the same reason.
  // The engine's store deadline (store/guarded.ts) turns those failures into a clear answer.
  const redis = new Redis(opts.url, {
    lazyConnect: true,
    enableAutoPipelining: false,
    enableOfflineQueue: false,
    autoResendUnfulfilledCommands: false,
    maxRetriesPerRequest: 3,
    connectTimeout: 5000,
    retryStrategy: (times) => Math.min(50 * 2 ** times, 1000),
  });
  // Connection errors also reject the commands that hit them, which the adapters log with context;
  // this listener only keeps ioredis from printing each reconnect attempt to stderr.
  redis.on("error", () => undefined);
  // Since when the connection has not been ready (for health); set when it drops, cleared when it is back.
  let downSince: number | undefined;
  redis.on("close", () => (downSince ??= now()));
  redis.on("ready", () => (downSince = undefined));
  redis.defineCommand("afterleakCas", { numberOfKeys: 2, lua: CAS_LUA });
  redis.defineCommand("afterleakRecord", { lua: RECORD_LUA });
  redis.defineCommand("afterleakForget", { numberOfKeys: 5, lua: FORGET_LUA });
  redis.defineCommand("afterleakSetting", { numberOfKeys: 3, lua: SETTING_LUA });
  redis.defineCommand("afterleakClaim", { numberOfKeys: 4, lua: CLAIM_LUA });
  redis.defineCommand("afterleakClaimMany", { lua: CLAIM_MANY_LUA });
  const r = redis as Redis & RedisScripts;
  try {
    await redis.connect();
    await redis.ping();
  } catch (err) {
    redis.disconnect();
    throw new Error(`cannot reach Redis at ${safeRedisUrl(opts.url)}: ${(err as Error).message}`);
  }

  const users = `${p}users`;
  const days = `${p}ev-days`;
  const streamPrefix = `${p}ev:`;
  const userKey = (key: string) => `${p}u:${key}`;
  const indexKey = (key: string) => `${p}ev-of:${key}`;
  const dayMs = (day: string) => Date.parse(`${day}T00:00:00.000Z`);

  /**
   * A stored value as a user state, validated like lowdb's files: an older or hand-edited value
   * missing a field gets the schema's defaults. Policy for a value that is not a user state at all
   * (not JSON, wrong shape): it is logged (kind and field only) and read as no state, so the user
   * starts afresh instead of every turn of theirs failing; the update that replaces it first copies
   * it to `<prefix>corrupt:<key>` (expiring after the retention period), so nothing unread is destroyed.
   * A state idle past the retention period reads as gone, as Redis is about to expire it.
   */
  const parseState = (raw: string): UserState | undefined => {
    let v: unknown;
    try {
      v = JSON.parse(raw);
    } catch {
      opts.logger?.error({ store: "redis", problem: "not-json" }, "store: unreadable user state replaced by a fresh one");
      return undefined;
    }
    const res = userStateSchema.safeParse(v);
    if (!res.success) {
      const field = res.error.issues[0]?.path.join(".") ?? "";
      opts.logger?.error({ store: "redis", problem: "not-a-user-state", field }, "store: unreadable user state replaced by a fresh one");
      return undefined;
    }
    const seen = Date.parse(res.data.lastSeen);
    return Number.isFinite(seen) && seen <= now() - retentionMs ? undefined : res.data;
  };
  const scoreOf = (s: UserState) => {
    const t = Date.parse(s.lastSeen);
    return Number.isFinite(t) ? t : Date.now();
  };
  const settingPrefix = `${p}setting:`;
  const expiries = `${p}setting-expires`;
  const owners = `${p}setting-owner`;
  const ownsKey = (key: string) => `${p}owns:${key}`;
  const forgetOne = (key: string, cutoff: string) =>
    r.afterleakForget(userKey(key), users, indexKey(key), ownsKey(key), owners, key, streamPrefix, cutoff, settingPrefix);

  const cache = new Map<string, string>();
  const remember = (k: string, json: string) => {
    cache.delete(k);
    if (json === "") return;
    cache.set(k, json);
    if (cache.size > cacheSize) cache.delete(cache.keys().next().value as string);
  };

  const writeEvents = async (list: AnalyticsEvent[]) => {
    const keys: string[] = [days];
    const args: (string | number)[] = [ttl + DAY_MS / 1000];
    for (const e of list) {
      const at = Number.isFinite(Date.parse(e.at)) ? Date.parse(e.at) : Date.now();
      const day = new Date(at).toISOString().slice(0, 10);
      const streamTtl = Math.max(1, Math.ceil((dayMs(day) + DAY_MS + retentionMs - at) / 1000));
      keys.push(streamPrefix + day, indexKey(e.key));
      args.push(day, dayMs(day), streamTtl, JSON.stringify(e));
    }
    await r.afterleakRecord(keys.length, ...keys, ...args);
  };
  const events = createEventBuffer({ write: writeEvents, flushMs: eventsFlushMs, batch: EVENT_BATCH, max: MAX_PENDING_EVENTS });

  return {
    health: () => (redis.status === "ready" ? { ok: true } : { ok: false, reason: `redis connection ${redis.status}`, since: new Date(downSince ?? now()).toISOString() }),
    async get(key) {
      const k = userKey(key);
      const raw = await redis.get(k);
      return raw === null ? undefined : parseState(raw);
    },
    async update<R>(key: string, fn: (prev: UserState | undefined) => Update<R>): Promise<R> {
      const k = userKey(key);
      let raw = cache.get(k) ?? (await redis.get(k)) ?? "";
      for (let attempt = 1; ; attempt++) {
        const prev = raw === "" ? undefined : parseState(raw);
        if (raw !== "" && !prev) await redis.set(`${p}corrupt:${k.slice(p.length)}`, raw, "EX", ttl);
        const { next, result } = fn(prev);
        const json = next ? JSON.stringify(next) : "";
        const res = await r.afterleakCas(k, users, raw, json, ttl, next ? scoreOf(next) : 0, key);
        if (res[0] === 1) {
          remember(k, json);
          return result;
        }
        raw = res[1];
        if (attempt >= maxAttempts) throw new Error(`update of ${k} lost ${attempt} races in a row; is something rewriting it in a loop?`);
        if (attempt >= 3) await new Promise((res) => setTimeout(res, Math.random() * attempt));
      }
    },
    async forget(key) {
      const dropped = events.dropKey(key);
      cache.delete(userKey(key));
      return (await forgetOne(key, "")) > 0 || dropped;
    },
    record: async (list) => events.push(list),
    async *events(since) {
      await events.flush();
      const from = since?.toISOString() ?? "";
      const list = await redis.zrangebyscore(days, since ? dayMs(from.slice(0, 10)) : "-inf", "+inf");
      for (const day of list) {
        let start = "-";
        for (;;) {
          const page = await redis.xrange(streamPrefix + day, start, "+", "COUNT", PAGE);
          for (const [, fields] of page) {
            const json = fields[fields.indexOf("e") + 1];
            const res = json === undefined ? undefined : analyticsEventSchema.safeParse(safeJson(json));
            if (res?.success && res.data.at >= from) yield res.data;
          }
          const last = page[page.length - 1];
          if (!last || page.length < PAGE) break;
          start = `(${last[0]}`;
        }
      }
    },
    async eventDays() {
      await events.flush();
      const list = await redis.zrange(days, "0", "-1");
      const pipe = redis.pipeline();
      for (const day of list) pipe.xlen(streamPrefix + day);
      const lens = (await pipe.exec()) ?? [];
      return list.map((day, i) => ({ day, size: Number(lens[i]?.[1] ?? 0) })).filter((d) => d.size > 0);
    },
    async purgeIdle(cutoff) {
      await events.flush();
      cache.clear();
      const due = Object.entries(await redis.hgetall(expiries)).flatMap(([name, at]) => (Number(at) <= now() ? [name] : []));
      if (due.length) await redis.hdel(expiries, ...due);
      const c = String(cutoff.getTime());
      let removed = 0;
      for (;;) {
        const batch = await redis.zrangebyscore(users, "-inf", `(${c}`, "LIMIT", 0, PAGE);
        if (batch.length === 0) break;
        const results = await Promise.all(batch.map((key) => forgetOne(key, c)));
        removed += results.filter((x) => x >= 2).length;
      }
      let cursor = "0";
      do {
        const [next, flat] = await redis.hscan(owners, cursor, "COUNT", PAGE);
        cursor = next;
        const names = flat.filter((_, i) => i % 2 === 0);
        const gone = (await Promise.all(names.map(async (n) => ((await redis.exists(settingPrefix + n)) ? [] : [n])))).flat();
        if (gone.length) await redis.hdel(owners, ...gone);
      } while (cursor !== "0");
      const old = await redis.zrangebyscore(days, "-inf", `(${dayMs(cutoff.toISOString().slice(0, 10))}`);
      if (old.length > 0) await redis.multi().del(...old.map((d) => streamPrefix + d)).zrem(days, ...old).exec();
      return removed;
    },
    size: () => redis.zcard(users),
    ...redisSettings({ redis, r, settingPrefix, expiries, owners, ownsKey, ttl, now }),
    flush: () => events.flush(),
    async close() {
      if (redis.status === "end") return;
      await events.flush().finally(() => redis.quit().catch(() => redis.disconnect()));
    },
  };
}

const safeJson = (s: string): unknown => {
  try {
    return JSON.parse(s);
  } catch {
    // A corrupt event is skipped like a torn line in the file log.
    return undefined;
  }
};
