import type { Redis } from "ioredis";
import type { RedisScripts } from "./redis-scripts.js";
import type { Store } from "./store.js";

/** What the settings operations share with the rest of the Redis store. */
export interface RedisSettingsContext {
  redis: Redis;
  r: Redis & RedisScripts;
  /** Key prefix of the settings themselves (`<prefix>setting:`). */
  settingPrefix: string;
  /** Hash of setting name -> expiry (epoch ms on `now`), for reads on the store's clock. */
  expiries: string;
  /** Hash of setting name -> owner (the user whose `forget` removes it). */
  owners: string;
  ownsKey: (owner: string) => string;
  /** Retention in seconds (the owner index lives at least this long). */
  ttl: number;
  now: () => number;
}

type SettingOps = Pick<Store, "getSetting" | "setSetting" | "claimSetting" | "getSettings" | "setSettings" | "claimSettings" | "listSettings">;

/** A setting's TTL as the scripts take it: whole milliseconds, or "" for none. */
const ttlArg = (ttlMs: number | undefined) => (ttlMs === undefined ? "" : String(Math.max(1, Math.round(ttlMs))));

/**
 * The settings half of the Redis store (`redis.ts`): values with an optional owner and expiry,
 * written by the scripts in `redis-scripts.ts`. Redis expires a key on its own clock; the expiry is
 * also kept in the `expiries` hash so reads agree with the store's clock (tests need not wait).
 */
export function redisSettings(c: RedisSettingsContext): SettingOps {
  const { redis, r, settingPrefix, expiries, owners, ownsKey, ttl, now } = c;
  const ownsTtl = (ttlMs: number | undefined) => Math.max(ttl, Math.ceil((ttlMs ?? 0) / 1000));
  const PAGE = 1000;
  return {
    async getSetting(name) {
      const [value, expires] = await redis.multi().get(settingPrefix + name).hget(expiries, name).exec().then((res) => (res ?? []).map(([, v]) => v as string | null));
      if (expires && Number(expires) <= now()) return undefined;
      return value ?? undefined;
    },
    async setSetting(name, value, o = {}) {
      const owner = value === undefined ? "" : (o.owner ?? "");
      const ttlMs = value === undefined ? "" : ttlArg(o.ttlMs);
      await r.afterleakSetting(settingPrefix + name, owners, ownsKey(owner || "-"), name, value ?? "", ttlMs, owner, ownsTtl(o.ttlMs));
      if (ttlMs) await redis.hset(expiries, name, String(now() + Number(ttlMs)));
      else await redis.hdel(expiries, name);
    },
    async claimSetting(name, value, o = {}) {
      const owner = o.owner ?? "";
      return (await r.afterleakClaim(settingPrefix + name, owners, ownsKey(owner || "-"), expiries, name, value, ttlArg(o.ttlMs), owner, ownsTtl(o.ttlMs), now())) === 1;
    },
    async getSettings(names) {
      const p = redis.pipeline();
      for (const n of names) p.get(settingPrefix + n).hget(expiries, n);
      const res = (await p.exec()) ?? [];
      const t = now();
      return names.map((_, i) => {
        const [err, value] = res[2 * i] ?? [];
        if (err) throw err;
        const expires = res[2 * i + 1]?.[1] as string | null | undefined;
        return value === null || value === undefined || (expires && Number(expires) <= t) ? undefined : (value as string);
      });
    },
    async setSettings(entries) {
      // One pipeline (one round trip); each entry's script is atomic on its own.
      const p = redis.pipeline() as ReturnType<Redis["pipeline"]> & { afterleakSetting(...a: (string | number)[]): unknown };
      const t = now();
      for (const e of entries) {
        const owner = e.value === undefined ? "" : (e.opts?.owner ?? "");
        const ttlMs = e.value === undefined ? "" : ttlArg(e.opts?.ttlMs);
        p.afterleakSetting(settingPrefix + e.key, owners, ownsKey(owner || "-"), e.key, e.value ?? "", ttlMs, owner, ownsTtl(e.opts?.ttlMs));
        if (ttlMs) p.hset(expiries, e.key, String(t + Number(ttlMs)));
        else p.hdel(expiries, e.key);
      }
      for (const [err] of (await p.exec()) ?? []) if (err) throw err;
    },
    async claimSettings(entries) {
      const keys: string[] = [owners, expiries];
      const args: (string | number)[] = [now()];
      for (const e of entries) {
        const owner = e.opts?.owner ?? "";
        keys.push(settingPrefix + e.key, ownsKey(owner || "-"));
        args.push(e.key, e.value, ttlArg(e.opts?.ttlMs), owner, ownsTtl(e.opts?.ttlMs));
      }
      return (await r.afterleakClaimMany(keys.length, ...keys, ...args)).map((x) => x === 1);
    },
    async *listSettings(prefix) {
      const match = `${settingPrefix}${prefix.replace(/[*?[\]\\]/g, "\\$&")}*`;
      let cursor = "0";
      do {
        const [next, keys] = await redis.scan(cursor, "MATCH", match, "COUNT", PAGE);
        cursor = next;
        if (keys.length === 0) continue;
        const names = keys.map((k) => k.slice(settingPrefix.length));
        const [values, expires] = await Promise.all([redis.mget(...keys), redis.hmget(expiries, ...names)]);
        const t = now();
        for (let i = 0; i < names.length; i++) {
          const v = values[i];
          const e = expires[i];
          if (v !== null && v !== undefined && !(e && Number(e) <= t)) yield [names[i] ?? "", v] as [string, string];
        }
      } while (cursor !== "0");
    },
  };
}
