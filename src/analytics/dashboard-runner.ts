import type { Store } from "../store/store.js";
import type { AnalyticsEvent } from "../store/state.js";
import { computeDashboard, type Dashboard, type DashboardFilter } from "./dashboard.js";
import { ROLLUP_VERSION } from "./rollup-days.js";
import { createRollupHost } from "./rollup-host.js";
import { persistedViews } from "./dashboard-views.js";
import { createWorkerClient } from "./dashboard-worker-client.js";

/** Computes dashboards of a store's events without holding up message handling. */
export interface DashboardRunner {
  /**
   * The dashboard of the events since `since` (all when undefined) that pass `filter`. `slot` names
   * the view for the cache (e.g. the range "7d", whose start moves on): without it the start itself is the key.
   */
  compute(since: Date | undefined, filter: DashboardFilter, slot?: string): Promise<Dashboard>;
  /** Resolves once no recomputation is running (benchmarks and tests). */
  settle(): Promise<void>;
  /**
   * Recomputes, in the background, the views seen in the last day whose figures are older than
   * `cacheMs`; the runner calls it every `keepWarmMs` (default maxStaleMs / 2), so a view asked
   * for after a quiet spell is answered from figures at most that old instead of waiting.
   */
  refreshIdle?(): Promise<void>;
  close(): Promise<void>;
}

/** Events per message to the worker: small enough that each read-and-post step is a short task. */
const BATCH = 5000;

const yieldToLoop = () => new Promise<void>((resolve) => setImmediate(resolve));

/** Setting of a closed day's rollup: `<version>:<day size>:<rollup>`. */
const ROLLUP_SETTING = "admin-rollup:";
/** Setting listing the days with a persisted rollup (so rollups of purged days are deleted). */
const ROLLUP_INDEX = "admin-rollup-days";
const ROLLUP_TTL_MS = 400 * 86_400_000;
const dayStart = (day: string) => new Date(`${day}T00:00:00.000Z`);
/** Views seen within this long are kept warm (see DashboardRunner.refreshIdle). */
const KEEP_WARM_FOR_MS = 86_400_000;
/** At most this many views (the most recently asked for) are kept warm. */
const KEEP_WARM_VIEWS = 8;

/** A view's cached figures: when their computation started, the window and filter, when last asked for. */
interface CacheEntry {
  key: string;
  at: number;
  since: Date | undefined;
  filter: DashboardFilter;
  seen: number;
  value?: Dashboard;
  running?: Promise<Dashboard>;
}

/**
 * Creates a dashboard runner over `store`. With `worker` (the default) the events are read here in
 * batches of 5 000, handed to a worker thread between turns of the event loop, and the grouping,
 * sorting and counting run there, so a console page over a million events never stops the bots
 * from answering. Without it (tests, tiny stores) everything runs inline.
 *
 * When the store lists its event days (Store.eventDays) and the window starts at a UTC midnight,
 * each closed day is summed once (rollup-days.ts), persisted in the store as a setting
 * (`admin-rollup:<day>`, with the day's size: a day whose events changed, by a forget or a purge,
 * is summed again) and only today's events are read again; the figures are the same as from all
 * the events (when the rollups cannot give them exactly, the events are read as before).
 *
 * Results are cached for `cacheMs` (default 15 s) per window and filter, so reloading a page costs
 * nothing; after that a view is still served its last figures (at most `maxStaleMs`, default 10
 * min, old) while fresh ones are computed in the background. The eight views asked for most
 * recently (within a day) are recomputed every `keepWarmMs` (default maxStaleMs / 2) in the
 * background, so a view after a quiet spell does not wait either. `cacheMs: 0` turns caching off.
 *
 * @example
 * const runner = createDashboardRunner(store);
 * const d = await runner.compute(new Date(Date.now() - 7 * 86_400_000), { channel: "web" });
 */
export function createDashboardRunner(
  store: Store,
  opts: { worker?: boolean; cacheMs?: number; maxStaleMs?: number; keepWarmMs?: number; now?: () => number; rollups?: boolean; persistViews?: boolean } = {},
): DashboardRunner {
  const now = opts.now ?? Date.now;
  const cacheMs = opts.cacheMs ?? 15_000;
  const maxStaleMs = opts.maxStaleMs ?? 600_000;
  /** Per view: the last figures (and when their computation started), and a computation under way. */
  const cache = new Map<string, CacheEntry>();
  const views = cacheMs > 0 && opts.persistViews !== false ? persistedViews(store, { maxStaleMs, now }) : undefined;
  const inline = opts.worker === false ? createRollupHost() : undefined;
  // A failed worker is replaced at the next request; the day rollups it held are gone with it.
  const client = createWorkerClient(() => held.clear());
  const { ask } = client;
  const getWorker = client.worker;

  async function fullRun(since: Date | undefined, filter: DashboardFilter): Promise<Dashboard> {
    if (inline) {
      const all: AnalyticsEvent[] = [];
      for await (const e of store.events(since)) all.push(e);
      return computeDashboard(all, filter);
    }
    const w = getWorker();
    const id = client.id();
    let batch: AnalyticsEvent[] = [];
    for await (const e of store.events(since)) {
      batch.push(e);
      if (batch.length >= BATCH) {
        w.postMessage({ kind: "batch", id, events: batch });
        batch = [];
        await yieldToLoop();
      }
    }
    w.postMessage({ kind: "batch", id, events: batch });
    return ask<Dashboard>({ kind: "done", filter }, id);
  }

  /** Day -> size of the rollup the host holds. */
  const held = new Map<string, number>();
  let indexed: Set<string> | undefined;
  let updating: Promise<unknown> = Promise.resolve();

  /**
   * Brings the host's rollups of `days` up to date: from the store's settings, else from the
   * events. With `stale`, today's (and later days') rollups may be of an earlier size if summed at
   * most maxStaleMs ago, and nothing is summed: false when something is missing.
   */
  async function refreshDays(days: { day: string; size: number }[], today: string, stale = false): Promise<boolean> {
    const missing: { day: string; size: number }[] = [];
    const loads: { d: { day: string; size: number }; size: number; loaded: Promise<boolean> | boolean }[] = [];
    for (const d of days) {
      const open = d.day >= today;
      if (held.get(d.day) === d.size || (stale && open && held.has(d.day))) continue;
      const text = await store.getSetting(ROLLUP_SETTING + d.day).catch(() => undefined);
      const m = text ? /^(\d+):(\d+):(\d+):/.exec(text.slice(0, 64)) : null;
      if (text && m && Number(m[1]) === ROLLUP_VERSION && (Number(m[2]) === d.size || (stale && open && now() - Number(m[3]) < maxStaleMs))) {
        const size = Number(m[2]);
        const body = text.slice(m[0].length);
        // Sent together: the worker parses one after the other without waiting for a round trip each.
        loads.push({ d, size, loaded: inline ? inline.load(d.day, size, body) : ask<boolean>({ kind: "load", day: d.day, size, text: body }).catch(() => false) });
        continue;
      }
      missing.push(d);
    }
    for (const l of loads) {
      if (await l.loaded) {
        held.set(l.d.day, l.size);
        if (l.size === l.d.size || stale) continue;
      }
      missing.push(l.d);
    }
    missing.sort((a, b) => (a.day < b.day ? -1 : a.day > b.day ? 1 : 0));
    if (missing.length === 0) return true;
    if (stale) return false;
    // One read from the first day to sum, each event to its day's batch.
    const want = new Map(missing.map((d) => [d.day, { ...d, id: client.id(), events: [] as AnalyticsEvent[] }]));
    for await (const e of store.events(dayStart(missing[0]!.day))) {
      const b = want.get(e.at.slice(0, 10));
      if (!b) continue;
      b.events.push(e);
      if (!inline && b.events.length >= BATCH) {
        getWorker().postMessage({ kind: "batch", id: b.id, events: b.events });
        b.events = [];
        await yieldToLoop();
      }
    }
    for (const b of want.values()) {
      let text: string;
      if (inline) text = inline.build(b.day, b.size, b.events);
      else {
        getWorker().postMessage({ kind: "batch", id: b.id, events: b.events });
        text = await ask<string>({ kind: "build", day: b.day, size: b.size }, b.id);
      }
      held.set(b.day, b.size);
      // Today's too (at most once a minute), so the first view after a restart has figures at once.
      if (b.day < today || now() - (todaySaved.get(b.day) ?? 0) >= 60_000) {
        if (b.day >= today) todaySaved.set(b.day, now());
        await store.setSetting(ROLLUP_SETTING + b.day, `${ROLLUP_VERSION}:${b.size}:${now()}:${text}`, { ttlMs: ROLLUP_TTL_MS }).catch(() => undefined);
      }
    }
    return true;
  }
  const todaySaved = new Map<string, number>();

  /** Deletes the persisted rollups of days the store no longer has, and the host's. */
  async function prune(days: { day: string }[]): Promise<void> {
    const present = new Set(days.map((d) => d.day));
    if (!indexed) indexed = new Set((await store.getSetting(ROLLUP_INDEX).catch(() => undefined))?.split(",").filter(Boolean) ?? []);
    const closed = [...held.keys()].filter((d) => present.has(d));
    const gone = [...indexed].filter((d) => !present.has(d));
    for (const d of gone) await store.setSetting(ROLLUP_SETTING + d, undefined).catch(() => undefined);
    const next = new Set([...indexed, ...closed].filter((d) => present.has(d)));
    if (gone.length || next.size !== indexed.size) await store.setSetting(ROLLUP_INDEX, [...next].sort().join(","), { ttlMs: ROLLUP_TTL_MS }).catch(() => undefined);
    indexed = next;
    for (const d of held.keys()) if (!present.has(d)) held.delete(d);
    if (inline) inline.retain([...held.keys()]);
    else await ask({ kind: "retain", days: [...held.keys()] });
  }

  /** The figures from the rollups at hand or in the store, today's maybe a little old; undefined if that needs summing. */
  async function quickRun(since: Date | undefined, filter: DashboardFilter): Promise<Dashboard | undefined> {
    return rollupRun(since, filter, true).catch(() => undefined);
  }

  async function rollupRun(since: Date | undefined, filter: DashboardFilter, stale = false): Promise<Dashboard | undefined> {
    if (!store.eventDays || opts.rollups === false || (since && since.getTime() % 86_400_000 !== 0)) return undefined;
    const all = await store.eventDays();
    const first = since?.toISOString().slice(0, 10) ?? "";
    const days = all.filter((d) => d.day >= first);
    const today = new Date(now()).toISOString().slice(0, 10);
    // One update of the rollups at a time: views computed together share it.
    const run = updating.then(async () => {
      if (!(await refreshDays(days, today, stale))) return false;
      if (!stale) await prune(all);
      return true;
    });
    updating = run.catch(() => undefined);
    if (!(await run)) return undefined;
    const list = days.map((d) => d.day);
    const nowIso = new Date(now()).toISOString();
    const d = inline ? inline.combine(list, filter, { now: nowIso }) : await ask<Dashboard | null>({ kind: "combine", days: list, filter, now: nowIso });
    return d ?? undefined;
  }

  const run = async (since: Date | undefined, filter: DashboardFilter): Promise<Dashboard> => (await rollupRun(since, filter)) ?? fullRun(since, filter);

  // The worker starts now (loading its modules takes a moment), not at the first view, and takes
  // the persisted rollups of the store's days (nothing is summed), so the first view after a
  // restart only adds them up.
  let primed: Promise<unknown> = Promise.resolve();
  if (!inline && store.eventDays && opts.rollups !== false) {
    getWorker();
    const listDays = store.eventDays.bind(store);
    primed = updating = updating
      .then(async () => refreshDays(await listDays(), new Date(now()).toISOString().slice(0, 10), true))
      .catch(() => undefined);
  }

  /** Recomputes a view's figures behind its cached ones. */
  const startRun = (entry: CacheEntry): Promise<Dashboard> => {
    const started = now();
    const running = run(entry.since, entry.filter);
    entry.running = running;
    running.then(
      (d) => {
        Object.assign(entry, { value: d, at: started, running: undefined });
        views?.save(entry.key, d, started);
      },
      () => (entry.running = undefined),
    );
    return running;
  };
  async function refreshIdle(): Promise<void> {
    const t = now();
    const due = [...cache.values()]
      .filter((e) => e.value && !e.running && t - e.seen <= KEEP_WARM_FOR_MS && t - e.at >= cacheMs)
      .sort((a, b) => b.seen - a.seen)
      .slice(0, KEEP_WARM_VIEWS);
    // One after the other: each may sum today's events again, and they share the day rollups.
    for (const e of due) await startRun(e).catch(() => undefined);
  }
  const keepWarmMs = opts.keepWarmMs ?? Math.floor(maxStaleMs / 2);
  const keepWarm = cacheMs > 0 && keepWarmMs > 0 ? setInterval(() => void refreshIdle(), Math.max(1000, keepWarmMs)) : undefined;
  keepWarm?.unref();

  return {
    async compute(since, filter, slot) {
      if (cacheMs <= 0) return run(since, filter);
      const key = JSON.stringify([slot ?? since?.toISOString() ?? null, filter.channel ?? null, filter.locale ?? null, filter.pack ?? null]);
      const entry: CacheEntry = cache.get(key) ?? { key, at: 0, since, filter, seen: now() };
      Object.assign(entry, { since, filter, seen: now() });
      cache.set(key, entry);
      if (!entry.value && !entry.running) {
        // A view not seen yet: its figures kept from before a restart, or the rollups at hand (or
        // persisted, today's a little old) answer at once, as stale figures, and fresh ones are
        // computed behind them.
        const kept = await views?.load(key);
        const quick = kept ? undefined : await quickRun(since, filter);
        if (kept && !entry.value) Object.assign(entry, { value: kept.value, at: Math.min(kept.at, now() - cacheMs) });
        else if (quick && !entry.value) Object.assign(entry, { value: quick, at: now() - cacheMs });
      }
      const age = now() - entry.at;
      if ((!entry.value || age >= cacheMs) && !entry.running) startRun(entry);
      if (entry.value && age < maxStaleMs) return entry.value;
      return entry.running ?? (entry.value as Dashboard);
    },
    refreshIdle,
    async settle() {
      await primed;
      await Promise.allSettled([...cache.values()].map((e) => e.running));
    },
    async close() {
      // Whatever still waits on the worker (a start-up priming, a view) ends now, not never.
      if (keepWarm) clearInterval(keepWarm);
      await client.close();
    },
  };
}
