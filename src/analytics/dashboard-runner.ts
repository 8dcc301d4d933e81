import { Worker } from "node:worker_threads";
import { createRequire } from "node:module";
import { pathToFileURL } from "node:url";
import { isCompiled, siblingScript } from "../runtime.js";
import type { Store } from "../store/store.js";
import type { AnalyticsEvent } from "../store/state.js";
import { computeDashboard, type Dashboard, type DashboardFilter } from "./dashboard.js";

/** Computes dashboards of a store's events without holding up message handling. */
export interface DashboardRunner {
  /**
   * The dashboard of the events since `since` (all when undefined) that pass `filter`. `slot` names
   * the view for the cache (e.g. the range "7d", whose start moves on): without it the start itself is the key.
   */
  compute(since: Date | undefined, filter: DashboardFilter, slot?: string): Promise<Dashboard>;
  /** Resolves once no recomputation is running (benchmarks and tests). */
  settle(): Promise<void>;
  close(): Promise<void>;
}

/**
 * The worker thread; from the TypeScript sources it first registers tsx's loader inside the
 * worker (execArgv loaders do not reach worker threads on Node 20).
 */
function startWorker(): Worker {
  const script = siblingScript(import.meta.url, "./dashboard-worker");
  if (isCompiled(import.meta.url)) return new Worker(script);
  const api = new URL("dist/esm/api/index.mjs", pathToFileURL(createRequire(import.meta.url).resolve("tsx/package.json"))).href;
  const code = `import(${JSON.stringify(api)}).then((m) => { m.register(); return import(${JSON.stringify(pathToFileURL(script).href)}); });`;
  return new Worker(code, { eval: true });
}

/** Events per message to the worker: small enough that each read-and-post step is a short task. */
const BATCH = 5000;

const yieldToLoop = () => new Promise<void>((resolve) => setImmediate(resolve));

/**
 * Creates a dashboard runner over `store`. With `worker` (the default) the events are read here in
 * batches of 5 000, handed to a worker thread between turns of the event loop, and the grouping,
 * sorting and counting run there, so a console page over a million events never stops the bots
 * from answering. Without it (tests, tiny stores) everything runs inline. Results are cached for
 * `cacheMs` (default 15 s) per window and filter, so reloading a page costs nothing; after that a
 * view is still served its last figures (at most `maxStaleMs`, default 10 min, old) while fresh ones
 * are computed in the background, so at a million events only the very first view of a window and
 * filter waits for the computation. `cacheMs: 0` turns caching off (every view computes).
 *
 * @example
 * const runner = createDashboardRunner(store);
 * const d = await runner.compute(new Date(Date.now() - 7 * 86_400_000), { channel: "web" });
 */
export function createDashboardRunner(store: Store, opts: { worker?: boolean; cacheMs?: number; maxStaleMs?: number; now?: () => number } = {}): DashboardRunner {
  const now = opts.now ?? Date.now;
  const cacheMs = opts.cacheMs ?? 15_000;
  const maxStaleMs = opts.maxStaleMs ?? 600_000;
  /** Per view: the last figures (and when their computation started), and a computation under way. */
  const cache = new Map<string, { at: number; value?: Dashboard; running?: Promise<Dashboard> }>();
  let worker: Worker | undefined;
  let nextId = 1;
  const waiting = new Map<number, { resolve: (d: Dashboard) => void; reject: (e: Error) => void }>();

  const getWorker = () => {
    if (worker) return worker;
    const w = startWorker();
    w.unref();
    w.on("message", (m: { id: number; dashboard?: Dashboard; error?: string }) => {
      const p = waiting.get(m.id);
      waiting.delete(m.id);
      if (m.dashboard) p?.resolve(m.dashboard);
      else p?.reject(new Error(m.error ?? "dashboard worker failed"));
    });
    w.on("error", (err) => {
      for (const p of waiting.values()) p.reject(err);
      waiting.clear();
      worker = undefined;
    });
    worker = w;
    return w;
  };

  async function run(since: Date | undefined, filter: DashboardFilter): Promise<Dashboard> {
    if (opts.worker === false) {
      const all: AnalyticsEvent[] = [];
      for await (const e of store.events(since)) all.push(e);
      return computeDashboard(all, filter);
    }
    const w = getWorker();
    const id = nextId++;
    const result = new Promise<Dashboard>((resolve, reject) => waiting.set(id, { resolve, reject }));
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
    w.postMessage({ kind: "done", id, filter });
    return result;
  }

  return {
    compute(since, filter, slot) {
      if (cacheMs <= 0) return run(since, filter);
      const key = JSON.stringify([slot ?? since?.toISOString() ?? null, filter.channel ?? null, filter.locale ?? null, filter.pack ?? null]);
      const entry = cache.get(key) ?? { at: 0 };
      cache.set(key, entry);
      const age = now() - entry.at;
      if ((!entry.value || age >= cacheMs) && !entry.running) {
        const started = now();
        const running = run(since, filter);
        entry.running = running;
        running.then(
          (d) => Object.assign(entry, { value: d, at: started, running: undefined }),
          () => (entry.running = undefined),
        );
      }
      if (entry.value && age < maxStaleMs) return Promise.resolve(entry.value);
      return entry.running ?? Promise.resolve(entry.value as Dashboard);
    },
    async settle() {
      await Promise.allSettled([...cache.values()].map((e) => e.running));
    },
    async close() {
      await worker?.terminate();
      worker = undefined;
    },
  };
}
