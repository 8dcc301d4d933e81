import type { AnalyticsEvent, UserState } from "./state.js";
import type { Store, Update } from "./store.js";

/** A setting with its expiry (epoch ms) and owner. */
interface Setting {
  value: string;
  expires?: number;
  owner?: string;
}

/** An in-memory {@link Store} for tests and the benchmark baseline; `clock` (epoch ms) decides when settings expire. */
export function createMemoryStore(opts: { clock?: () => number } = {}): Store {
  const clock = opts.clock ?? Date.now;
  const users = new Map<string, UserState>();
  const settings = new Map<string, Setting>();
  const live = (key: string) => {
    const s = settings.get(key);
    if (s?.expires === undefined || s.expires > clock()) return s?.value;
    settings.delete(key);
    return undefined;
  };
  const dropSettings = (drop: (s: Setting) => boolean) => {
    let n = 0;
    for (const [k, s] of settings) {
      if (!drop(s)) continue;
      settings.delete(k);
      n++;
    }
    return n;
  };
  let events: AnalyticsEvent[] = [];
  return {
    health: () => ({ ok: true }),
    get: async (key) => structuredClone(users.get(key)),
    async update<R>(key: string, fn: (prev: UserState | undefined) => Update<R>) {
      const { next, result } = fn(structuredClone(users.get(key)));
      if (next) users.set(key, next);
      else users.delete(key);
      return result;
    },
    async forget(key) {
      const had = users.delete(key);
      const before = events.length;
      events = events.filter((e) => e.key !== key);
      const owned = dropSettings((s) => s.owner === key);
      return had || events.length !== before || owned > 0;
    },
    async record(list) {
      events.push(...list);
    },
    async *events(since) {
      const from = since?.toISOString() ?? "";
      for (const e of events) if (e.at >= from) yield e;
    },
    async eventDays() {
      const sizes = new Map<string, number>();
      for (const e of events) sizes.set(e.at.slice(0, 10), (sizes.get(e.at.slice(0, 10)) ?? 0) + 1);
      return [...sizes].sort(([a], [b]) => (a < b ? -1 : 1)).map(([day, size]) => ({ day, size }));
    },
    async purgeIdle(cutoff) {
      const c = cutoff.toISOString();
      let n = 0;
      const gone = new Set<string>();
      for (const [k, u] of users) {
        if (u.lastSeen >= c) continue;
        users.delete(k);
        gone.add(k);
        n++;
      }
      events = events.filter((e) => e.at >= c);
      const now = clock();
      dropSettings((s) => (s.expires !== undefined && s.expires <= now) || (s.owner !== undefined && gone.has(s.owner)));
      return n;
    },
    size: async () => users.size,
    getSetting: async (key) => live(key),
    async setSetting(key, value, opts = {}) {
      if (value === undefined) settings.delete(key);
      else
        settings.set(key, {
          value,
          ...(opts.ttlMs !== undefined ? { expires: clock() + opts.ttlMs } : {}),
          ...(opts.owner !== undefined ? { owner: opts.owner } : {}),
        });
    },
    async claimSetting(key, value, opts = {}) {
      if (live(key) !== undefined) return false;
      settings.set(key, {
        value,
        ...(opts.ttlMs !== undefined ? { expires: clock() + opts.ttlMs } : {}),
        ...(opts.owner !== undefined ? { owner: opts.owner } : {}),
      });
      return true;
    },
    async *listSettings(prefix) {
      for (const k of [...settings.keys()]) {
        const v = k.startsWith(prefix) ? live(k) : undefined;
        if (v !== undefined) yield [k, v] as [string, string];
      }
    },
    flush: async () => undefined,
    close: async () => undefined,
  };
}
