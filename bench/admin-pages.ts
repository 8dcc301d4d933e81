/**
 * Support console performance row (issue 18): `node --import tsx bench/admin-pages.ts [--events 1000000] [--stores lowdb,redis]`.
 * Fills a lowdb folder and a real redis-server with analytics events (7 days, ~1 event in 10 a new
 * conversation), then times every console page over HTTP: the first view (answered "being
 * computed" at once, and how long the figures take from scratch), a view from the runner's cache, and a view while the cache is being refreshed in
 * the background, and every page's first view after a restart (closed days' rollups read from the
 * store, today's events summed); and the latency of chat turns handled while figures are computed.
 * Target: every page under 300 ms, turns not held up. Dev tooling, outside the shipped `src/`.
 */
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { parseArgs } from "node:util";
import { createAdminRoutes } from "../adapters/web/admin/routes.js";
import { startWebChat } from "../adapters/web/server.js";
import { createDashboardRunner, createEngine, createLogger, createLowdbStore, createReloader, loadPack, type Store } from "../src/index.js";
import type { AnalyticsEvent } from "../src/store/state.js";
import { createRedisStore } from "../src/store/redis.js";
import { startRedisServer } from "../test/fakes/redis-server.js";
import { ADMIN_TOKEN, signIn } from "../test/adapters/web/admin-harness.js";

const PACK = "content/coupang-2025";
const PAGES = ["/admin", "/admin/answers", "/admin/unanswered", "/admin/tasks", "/admin/scam", "/admin/handoffs", "/admin/report", "/admin/content"];
const TARGET_MS = 300;

/** `n` plausible events over the last 7 days: conversations of 10 events, answers, fallbacks, feedback, tasks, scam checks, handoffs. */
function* syntheticEvents(n: number, topics: string[], now = Date.now()): Generator<AnalyticsEvent> {
  const span = 7 * 86_400_000 - 3_600_000;
  const phrases = ["can i get a refund", "where is my parcel", "is this bot real", "what about my points", "delete everything now"];
  for (let i = 0; i < n; i++) {
    const conv = Math.floor(i / 10);
    const key = `k${(conv % 100_000).toString(36)}`;
    const at = new Date(now - span + Math.floor((conv * 7919) % span) + (i % 10) * 1000).toISOString();
    const base = { at, key, channel: conv % 3 === 0 ? "telegram" : conv % 3 === 1 ? "web" : "discord", locale: conv % 2 ? "ko" : "en" };
    const topic = topics[conv % topics.length]!;
    switch (i % 10) {
      case 0:
        yield { ...base, type: "conversation_started" };
        break;
      case 1:
      case 2:
      case 3:
        yield { ...base, type: "topic_answered", topic, score: 0.8 };
        break;
      case 4:
        yield conv % 4 === 0 ? { ...base, type: "fallback", text: phrases[conv % phrases.length]! } : { ...base, type: "topic_answered", topic, score: 0.7 };
        break;
      case 5:
        yield { ...base, type: "feedback", topic, value: conv % 5 === 0 ? "down" : "up" };
        break;
      case 6:
        yield { ...base, type: "task_started", task: "secure-account" };
        break;
      case 7:
        yield { ...base, type: "task_step", task: "secure-account", step: conv % 2 ? "password" : "devices", value: "done" };
        break;
      case 8:
        yield { ...base, type: "scam_checked", hash: `h${(conv % 500).toString(16).padStart(8, "0")}`, flags: conv % 3 ? ["link"] : [], domains: conv % 3 ? [`c0upang-${conv % 20}.example`] : [] };
        break;
      default:
        yield conv % 50 === 0 ? { ...base, type: "handoff_requested", value: "asked" } : { ...base, type: "task_completed", task: "secure-account" };
    }
  }
}

const ms = (t0: bigint) => Number(process.hrtime.bigint() - t0) / 1e6;
const quantile = (xs: number[], q: number) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length ? s[Math.min(s.length - 1, Math.floor(q * s.length))]! : 0;
};

async function fill(store: Store, n: number, topics: string[]) {
  const t0 = process.hrtime.bigint();
  let batch: AnalyticsEvent[] = [];
  for (const e of syntheticEvents(n, topics)) {
    batch.push(e);
    if (batch.length >= 10_000) {
      await store.record(batch);
      batch = [];
      await store.flush();
    }
  }
  if (batch.length) await store.record(batch);
  await store.flush();
  return ms(t0);
}

async function measure(name: string, store: Store, n: number, out: NodeJS.WritableStream) {
  const pack = await loadPack(PACK);
  const logger = createLogger("silent");
  const fillMs = await fill(store, n, pack.faq.map((f) => f.id));
  const engine = createEngine({ pack, store, secret: "bench-admin-secret-bench-admin-secret-0" });
  const admin = await createAdminRoutes({ engine, store, logger, token: ADMIN_TOKEN, packDir: PACK, reloader: createReloader({ dir: PACK, engine, logger }), runner: createDashboardRunner(store, { cacheMs: 2000 }) });
  const chat = await startWebChat({ engine, logger, host: "127.0.0.1", port: 0, retentionDays: 30, maxInputChars: 2000, admin, chat: false });
  let base = chat.url.replace(/\/$/, "");
  let { cookie } = await signIn(base);
  const get = async (path: string) => {
    const t0 = process.hrtime.bigint();
    const r = await fetch(`${base}${path}?since=7d&lang=en`, { headers: { cookie: cookie! } });
    const body = await r.text();
    if (r.status !== 200) throw new Error(`${path}: HTTP ${r.status}`);
    // The console answers "being computed" when the figures take longer than its wait (180 ms).
    if (body.includes('id="computing"')) computing.push(path);
    return ms(t0);
  };
  const computing: string[] = [];
  // Chat turns every 20 ms while `job` runs: how long each waits for the event loop and the store.
  const turnsDuring = async (job: () => Promise<unknown>) => {
    const lat: number[] = [];
    let done = false;
    let i = 0;
    const loop = (async () => {
      while (!done) {
        const t0 = process.hrtime.bigint();
        await engine.handle({ user: { platform: "bench", userId: `u${i++ % 50}`, chat: "private" }, kind: "text", text: "how do I change my password" });
        lat.push(ms(t0));
        await new Promise((r) => setTimeout(r, 20));
      }
    })();
    const t = await job();
    done = true;
    await loop;
    return { t, lat };
  };
  // Idle turn latency, for comparison (after one turn, so the matcher's first-use costs are not in it).
  await engine.handle({ user: { platform: "bench", userId: "warm", chat: "private" }, kind: "text", text: "how do I change my password" });
  const idle = (await turnsDuring(() => new Promise((r) => setTimeout(r, 500)))).lat;

  // The first view: answered at once with "being computed"; the figures are there once the runner settles.
  let firstAnswer = 0;
  const first = await turnsDuring(async () => {
    const t0 = process.hrtime.bigint();
    firstAnswer = await get("/admin");
    await admin.settle();
    return ms(t0);
  });
  const firstComputing = computing.splice(0).length > 0;
  const cached: Record<string, number> = {};
  for (const p of PAGES) cached[p] = await get(p);
  // Past the cache's freshness: the page is served from the last figures while they are recomputed.
  await new Promise((r) => setTimeout(r, 2100));
  const refresh: Record<string, number> = {};
  const during = await turnsDuring(async () => {
    for (const p of PAGES) refresh[p] = await get(p);
    // Wait for the background recomputation itself, so its effect on turns is in `lat`.
    await admin.settle?.();
  });
  // A restart: new routes and runner over the same store (closed days' rollups persisted there).
  await chat.stop();
  await admin.close();
  const admin2 = await createAdminRoutes({ engine, store, logger, token: ADMIN_TOKEN, packDir: PACK, reloader: createReloader({ dir: PACK, engine, logger }), runner: createDashboardRunner(store, { cacheMs: 2000 }) });
  const chat2 = await startWebChat({ engine, logger, host: "127.0.0.1", port: 0, retentionDays: 30, maxInputChars: 2000, admin: admin2, chat: false });
  base = chat2.url.replace(/\/$/, "");
  cookie = (await signIn(base)).cookie;
  const restart: Record<string, number> = {};
  const afterRestart = await turnsDuring(async () => {
    for (const p of PAGES) restart[p] = await get(p);
  });
  // A restart again, the pages viewed once the console has started (its runner took the persisted rollups: settle).
  await chat2.stop();
  await admin2.close();
  const admin3 = await createAdminRoutes({ engine, store, logger, token: ADMIN_TOKEN, packDir: PACK, reloader: createReloader({ dir: PACK, engine, logger }), runner: createDashboardRunner(store, { cacheMs: 2000 }) });
  const t3 = process.hrtime.bigint();
  await admin3.settle();
  const startMs = ms(t3);
  const chat3 = await startWebChat({ engine, logger, host: "127.0.0.1", port: 0, retentionDays: 30, maxInputChars: 2000, admin: admin3, chat: false });
  base = chat3.url.replace(/\/$/, "");
  cookie = (await signIn(base)).cookie;
  const started: Record<string, number> = {};
  for (const p of PAGES) started[p] = await get(p);
  const fmt = (o: Record<string, number>) => Object.entries(o).map(([p, v]) => `${p.replace("/admin", "") || "/"}=${v.toFixed(0)}`).join(" ");
  const worst = Math.max(...Object.values(cached), ...Object.values(refresh), ...Object.values(started));
  const worstRestart = Math.max(...Object.values(restart));
  out.write(
    [
      `admin-pages ${name} events=${n} fill=${(fillMs / 1000).toFixed(1)}s`,
      `  first view: answered in ${firstAnswer.toFixed(0)} ms${firstComputing ? ' ("being computed", reloads itself)' : ""}; figures computed from scratch in ${(first.t as number).toFixed(0)} ms`,
      `  cached:     ${fmt(cached)} ms`,
      `  refreshing: ${fmt(refresh)} ms`,
      `  right after a restart (first view of each page, the runner still taking the rollups): ${fmt(restart)} ms (worst ${worstRestart.toFixed(0)} ms)`,
      `  after a restart, once started (rollups taken in ${startMs.toFixed(0)} ms): ${fmt(started)} ms`,
      `  worst page once started (cached, refreshing, after a restart): ${worst.toFixed(0)} ms (${worst < TARGET_MS ? "under" : "OVER"} ${TARGET_MS} ms)`,
      `  pages answered "being computed" after the first view: ${computing.length ? computing.join(" ") : "none"}`,
      `  turn latency idle p50/p99/max ${quantile(idle, 0.5).toFixed(1)}/${quantile(idle, 0.99).toFixed(1)}/${Math.max(...idle).toFixed(1)} ms (${idle.length} turns)`,
      `  turn latency during the first view p50/p99/max ${quantile(first.lat, 0.5).toFixed(1)}/${quantile(first.lat, 0.99).toFixed(1)}/${Math.max(...first.lat).toFixed(1)} ms (${first.lat.length} turns)`,
      `  turn latency during refresh p50/p99/max ${quantile(during.lat, 0.5).toFixed(1)}/${quantile(during.lat, 0.99).toFixed(1)}/${Math.max(...during.lat).toFixed(1)} ms (${during.lat.length} turns)`,
      `  turn latency during the views after the restart p50/p99/max ${quantile(afterRestart.lat, 0.5).toFixed(1)}/${quantile(afterRestart.lat, 0.99).toFixed(1)}/${Math.max(...afterRestart.lat).toFixed(1)} ms (${afterRestart.lat.length} turns)`,
      "",
    ].join("\n"),
  );
  await chat3.stop();
  await admin3.close();
}

const { values } = parseArgs({ options: { events: { type: "string", default: "1000000" }, stores: { type: "string", default: "lowdb,redis" } } });
const n = Number(values.events);
for (const name of values.stores.split(",")) {
  if (name === "lowdb") {
    const dir = await mkdtemp(join(tmpdir(), "afterleak-bench-admin-"));
    const store = await createLowdbStore({ dir });
    try {
      await measure("lowdb", store, n, process.stdout);
    } finally {
      await store.close();
      await rm(dir, { recursive: true, force: true });
    }
  } else if (name === "redis") {
    const server = await startRedisServer();
    const store = await createRedisStore({ url: server.url, prefix: "bench-admin:" });
    try {
      await measure("redis", store, n, process.stdout);
    } finally {
      await store.close();
      await server.stop();
    }
  }
}
