import { monitorEventLoopDelay, PerformanceObserver } from "node:perf_hooks";
import { loadPack } from "../src/content/loader.js";
import { createEngine } from "../src/engine/engine.js";
import { userKey } from "../src/privacy/keys.js";
import { createLowdbStore } from "../src/store/lowdb.js";
import { createMemoryStore } from "../src/store/memory.js";
import type { Store } from "../src/store/store.js";
import { populateLowdb, populateRedis } from "./populate.js";
import { createDurabilityProbe } from "./probe.js";
import { benchUser, driveLoad, syntheticState, type LoadShape, type WorkloadCounts } from "./workload.js";

/** One benchmark run: a store at a size, under load for a while. Passed to the child process as JSON. */
export interface BenchCase {
  store: "memory" | "lowdb" | "redis";
  size: number;
  seconds: number;
  warmup: number;
  concurrency: number;
  /** Messages per second offered in the latency phase. */
  rate: number;
  packDir: string;
  secret: string;
  seed: number;
  /** lowdb folder */
  dir?: string;
  redisUrl?: string;
  redisPrefix?: string;
}

/** Measurements of one run; latencies in ms, memory in MB. */
export interface BenchResult {
  store: string;
  size: number;
  messages: number;
  /** Messages per second, closed loop. */
  rate: number;
  /** CPU time of this process per message in the closed loop (µs): steadier than msg/s on a busy machine. */
  cpuUsPerMessage: number;
  /** Open loop at `offered` messages per second: what was achieved, and latency of engine.handle() (and `totalP99` with event-loop waiting). */
  load: {
    offered: number;
    achieved: number;
    p50: number;
    p99: number;
    max: number;
    totalP99: number;
    /** Event-loop delay p99 (ms): how long a ready callback waited for the thread. */
    loopDelayP99: number;
    /** Garbage-collection pauses during the open-loop phase. */
    gcMs: { count: number; total: number; max: number };
  };
  /** Peak resident memory up to the end of the open-loop phase (store loaded, serving `rate`). */
  rssAtLoadMb: number;
  /** Peak resident memory of the whole run, the closed loop at full speed and the final flush included. */
  peakRssMb: number;
  openMs: number;
  counts: WorkloadCounts;
  errors: number;
  /** lowdb: time from an acknowledged message to its state being in the file on disk. */
  durability?: { samples: number; p50: number; p99: number; max: number };
  finalFlushMs: number;
  redisMemoryMb?: number;
}

/** Fills the store of a case (run in its own process, so the run's memory is the bot's alone). */
export async function populateCase(c: BenchCase): Promise<void> {
  const pack = await loadPack(c.packDir);
  const t = { pack, secret: c.secret, size: c.size };
  if (c.store === "lowdb") await populateLowdb(need(c.dir, "dir"), t);
  if (c.store === "redis") await populateRedis(need(c.redisUrl, "redisUrl"), need(c.redisPrefix, "redisPrefix"), t);
}

const need = <T>(v: T | undefined, name: string): T => {
  if (v === undefined) throw new Error(`bench case needs ${name}`);
  return v;
};

async function openCaseStore(c: BenchCase, pack: Awaited<ReturnType<typeof loadPack>>): Promise<Store> {
  if (c.store === "lowdb") return createLowdbStore({ dir: need(c.dir, "dir") });
  if (c.store === "redis") {
    const { createRedisStore } = await import("../src/store/redis.js");
    return createRedisStore({ url: need(c.redisUrl, "redisUrl"), prefix: need(c.redisPrefix, "redisPrefix") });
  }
  const store = createMemoryStore();
  const now = Date.now();
  for (let i = 0; i < c.size; i++) {
    const state = syntheticState(pack, i, now);
    await store.update(userKey(benchUser(i), c.secret), () => ({ next: state, result: undefined }));
  }
  return store;
}

const percentile = (sorted: Float64Array | number[], q: number) => sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))] ?? 0;
const round = (x: number, d = 2) => Math.round(x * 10 ** d) / 10 ** d;

/** Garbage-collection pauses while watching: count, total and longest (ms). */
function watchGc() {
  const pauses: number[] = [];
  const obs = new PerformanceObserver((list) => {
    for (const e of list.getEntries()) pauses.push(e.duration);
  });
  obs.observe({ entryTypes: ["gc"] });
  return {
    stop() {
      obs.disconnect();
      return { count: pauses.length, total: Math.round(pauses.reduce((a, b) => a + b, 0)), max: round(Math.max(0, ...pauses), 1) };
    },
  };
}

const summarize = (xs: number[]) => {
  const sorted = Float64Array.from(xs).sort();
  return { p50: round(percentile(sorted, 0.5)), p99: round(percentile(sorted, 0.99)), max: round(sorted.at(-1) ?? 0) };
};

/**
 * Runs one case in this process and measures it, in two phases on the same engine and store:
 * open loop at `rate` messages per second (latency and memory at that load), then closed loop
 * (`concurrency` sessions back to back) for the most messages per second.
 */
export async function runCase(c: BenchCase): Promise<BenchResult> {
  const pack = await loadPack(c.packDir);
  let peakRss = process.memoryUsage.rss();
  const rssTimer = setInterval(() => (peakRss = Math.max(peakRss, process.memoryUsage.rss())), 50);
  const t0 = performance.now();
  const store = await openCaseStore(c, pack);
  const openMs = performance.now() - t0;
  const engine = createEngine({ pack, store, secret: c.secret, settings: { rateLimitPerMinute: 1_000_000 } });
  // The matcher trains on its first question: start-up (timed elsewhere), not load. On a busy
  // machine it outlasted the warm-up and left the measured second nearly empty.
  engine.matcher.classify("warm-up");
  const probe = c.store === "lowdb" && c.dir ? createDurabilityProbe(c.dir) : undefined;
  const counts: WorkloadCounts = { text: 0, choice: 0, stale: 0 };
  let errors = 0;
  const phase = async (shape: LoadShape, warmup: number) => {
    const handle: number[] = [];
    const total: number[] = [];
    const start = performance.now() + warmup * 1000;
    const end = start + c.seconds * 1000;
    let cpu: NodeJS.CpuUsage | undefined;
    const cpuTimer = setTimeout(() => (cpu = process.cpuUsage()), warmup * 1000);
    await driveLoad({
      engine,
      users: c.size,
      shape,
      seed: c.seed,
      until: () => performance.now() >= end,
      counts,
      onMessage(m) {
        const now = performance.now();
        if (now >= start && now < end) {
          handle.push(m.handle);
          total.push(m.total);
        }
        probe?.acknowledged(engine.keyOf(m.event.user), m.handedAt);
      },
      onError: () => void errors++,
    });
    clearTimeout(cpuTimer);
    const used = process.cpuUsage(cpu);
    return { messages: handle.length, handle, total, cpuUs: (used.user + used.system) / Math.max(1, handle.length) };
  };
  const gc = watchGc();
  const loop = monitorEventLoopDelay({ resolution: 1 });
  loop.enable();
  const open = await phase({ kind: "open", rate: c.rate }, c.warmup);
  loop.disable();
  const pauses = gc.stop();
  const rssAtLoad = Math.max(peakRss, process.memoryUsage.rss());
  const closed = await phase({ kind: "closed", concurrency: c.concurrency }, 1);
  const durability = await probe?.stop();
  const f0 = performance.now();
  await store.flush();
  const finalFlushMs = performance.now() - f0;
  await store.close();
  clearInterval(rssTimer);
  peakRss = Math.max(peakRss, process.memoryUsage.rss(), process.resourceUsage().maxRSS * 1024);
  const h = summarize(open.handle);
  return {
    store: c.store,
    size: c.size,
    messages: closed.messages + open.messages,
    rate: Math.round(closed.messages / c.seconds),
    cpuUsPerMessage: Math.round(closed.cpuUs),
    load: {
      offered: c.rate,
      achieved: Math.round(open.messages / c.seconds),
      ...h,
      totalP99: summarize(open.total).p99,
      loopDelayP99: round(loop.percentile(99) / 1e6),
      gcMs: pauses,
    },
    rssAtLoadMb: Math.round(rssAtLoad / 2 ** 20),
    peakRssMb: Math.round(peakRss / 2 ** 20),
    openMs: Math.round(openMs),
    counts,
    errors,
    ...(durability ? { durability } : {}),
    finalFlushMs: Math.round(finalFlushMs),
  };
}
