import { describe, expect, it } from "vitest";
import { createDashboardRunner, createMemoryStore, type AnalyticsEvent } from "../../src/index.js";

const started = (key: string): AnalyticsEvent => ({ at: new Date().toISOString(), key, channel: "web", locale: "en", type: "conversation_started" });

describe("dashboard runner cache", () => {
  it("serves the last figures of a view while fresh ones are computed, then the fresh ones", async () => {
    const store = createMemoryStore();
    let clock = 0;
    const runner = createDashboardRunner(store, { worker: false, cacheMs: 1000, now: () => clock });
    await store.record([started("a")]);
    expect((await runner.compute(undefined, {}, "7d")).stats.total.conversations).toBe(1);
    await store.record([started("b")]);
    clock = 500; // still fresh: the same figures, nothing recomputed
    expect((await runner.compute(undefined, {}, "7d")).stats.total.conversations).toBe(1);
    clock = 1500; // stale: served at once, recomputed behind it
    expect((await runner.compute(undefined, {}, "7d")).stats.total.conversations).toBe(1);
    await runner.settle();
    expect((await runner.compute(undefined, {}, "7d")).stats.total.conversations).toBe(2);
    // Another filter is another view: computed for itself.
    expect((await runner.compute(undefined, { channel: "telegram" }, "7d")).stats.total.conversations).toBe(0);
    await runner.close();
  });

  it("answers a view's first request after a restart from its kept figures (never older than maxStaleMs), refreshed behind them", async () => {
    const store = createMemoryStore();
    let clock = 100_000;
    const opts = { worker: false, cacheMs: 1000, maxStaleMs: 5000, rollups: false, now: () => clock };
    const first = createDashboardRunner(store, opts);
    await store.record([started("a")]);
    expect((await first.compute(undefined, {}, "7d")).stats.total.conversations).toBe(1);
    await first.close();
    await store.record([started("b")]);
    // A restart 2 s later: the kept figures at once (1), the fresh ones (2) once computed behind them.
    clock += 2000;
    const second = createDashboardRunner(store, opts);
    expect((await second.compute(undefined, {}, "7d")).stats.total.conversations).toBe(1);
    await second.settle();
    expect((await second.compute(undefined, {}, "7d")).stats.total.conversations).toBe(2);
    await second.close();
    // Kept figures older than maxStaleMs are not served: the view waits for fresh ones.
    await store.record([started("c")]);
    clock += 70_000;
    const third = createDashboardRunner(store, opts);
    expect((await third.compute(undefined, {}, "7d")).stats.total.conversations).toBe(3);
    // Without persistence nothing is kept.
    const off = createDashboardRunner(store, { ...opts, persistViews: false });
    expect(await store.getSetting("admin-view:x")).toBeUndefined();
    expect((await off.compute(undefined, {}, "7d")).stats.total.conversations).toBe(3);
  });

  it("waits for fresh figures once the last ones are older than maxStaleMs, and computes every time with cacheMs 0", async () => {
    const store = createMemoryStore();
    let clock = 0;
    const runner = createDashboardRunner(store, { worker: false, cacheMs: 1000, maxStaleMs: 5000, now: () => clock });
    await runner.compute(undefined, {}, "7d");
    // A first view is answered from the day rollups at hand and refreshed behind them: let that finish.
    await runner.settle();
    await store.record([started("a")]);
    clock = 6000;
    expect((await runner.compute(undefined, {}, "7d")).stats.total.conversations).toBe(1);
    const uncached = createDashboardRunner(store, { worker: false, cacheMs: 0 });
    await store.record([started("b")]);
    expect((await uncached.compute(undefined, {}, "7d")).stats.total.conversations).toBe(2);
  });

  it("keeps the views seen in the last day warm, so a view after a quiet spell longer than maxStaleMs does not wait", async () => {
    const store = createMemoryStore();
    let clock = 0;
    let reads = 0;
    const counting = { ...store, events: (from?: Date) => ((reads += 1), store.events(from)) };
    const runner = createDashboardRunner(counting, { worker: false, cacheMs: 1000, maxStaleMs: 5000, now: () => clock });
    await runner.compute(undefined, {}, "7d");
    await runner.settle();
    await store.record([started("a")]);
    // Nobody asks for a minute; the keep-warm tick (every maxStaleMs / 2 by default) recomputes the view behind the cache.
    clock = 58_000;
    await runner.refreshIdle!();
    await runner.settle();
    await store.record([started("b")]);
    clock = 60_000;
    // Answered at once from the kept-warm figures (a, not yet b), recomputed behind them.
    expect((await runner.compute(undefined, {}, "7d")).stats.total.conversations).toBe(1);
    await runner.settle();
    expect((await runner.compute(undefined, {}, "7d")).stats.total.conversations).toBe(2);
    // A view nobody asked for in a day is no longer kept warm.
    clock += 2 * 86_400_000;
    reads = 0;
    await runner.refreshIdle!();
    await runner.settle();
    expect(reads).toBe(0);
    // Without the tick, the same quiet spell makes the view wait for fresh figures (the test above).
    await runner.close();
  });
});
