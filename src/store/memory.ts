import type { AnalyticsEvent, UserState } from "./state.js";
import type { Store, Update } from "./store.js";

/** An in-memory {@link Store} for tests and the benchmark baseline. */
export function createMemoryStore(): Store {
  const users = new Map<string, UserState>();
  let events: AnalyticsEvent[] = [];
  return {
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
      return had || events.length !== before;
    },
    async record(list) {
      events.push(...list);
    },
    async *events(since) {
      const from = since?.toISOString() ?? "";
      for (const e of events) if (e.at >= from) yield e;
    },
    async purgeIdle(cutoff) {
      const c = cutoff.toISOString();
      let n = 0;
      for (const [k, u] of users) if (u.lastSeen < c) (users.delete(k), n++);
      events = events.filter((e) => e.at >= c);
      return n;
    },
    size: async () => users.size,
    flush: async () => undefined,
    close: async () => undefined,
  };
}
