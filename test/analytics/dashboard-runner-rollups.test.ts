import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { computeDashboard, createDashboardRunner, createLowdbStore, type AnalyticsEvent, type Store } from "../../src/index.js";

const DAY = 86_400_000;
const today = Math.floor(Date.now() / DAY) * DAY;
const at = (dayOffset: number, ms: number) => new Date(today + dayOffset * DAY + ms).toISOString();
const ev = (key: string, when: string, type: AnalyticsEvent["type"], extra: Partial<AnalyticsEvent> = {}): AnalyticsEvent => ({ at: when, key, channel: key.startsWith("t") ? "telegram" : "web", locale: key.endsWith("k") ? "ko" : "en", type, ...extra });

/** Three closed days and today: a conversation across a midnight, a task finished the next day, a handoff taken days later. */
const events: AnalyticsEvent[] = [
  ev("wa", at(-3, 3_600_000), "conversation_started"),
  ev("wa", at(-3, 3_610_000), "topic_answered", { topic: "refund", score: 0.9 }),
  ev("wa", at(-3, 3_620_000), "task_started", { task: "secure" }),
  ev("tk", at(-3, DAY - 60_000), "conversation_started"),
  ev("tk", at(-3, DAY - 50_000), "topic_answered", { topic: "refund", score: 0.8 }),
  ev("tk", at(-2, 30_000), "fallback", { text: "and my points?" }),
  ev("tk", at(-2, 40_000), "handoff_requested"),
  ev("wa", at(-2, 7_200_000), "conversation_started"),
  ev("wa", at(-2, 7_210_000), "task_completed", { task: "secure" }),
  ev("wb", at(-2, 9_000_000), "conversation_started"),
  ev("wb", at(-2, 9_010_000), "feedback", { topic: "refund", value: "up" }),
  ev("tk", at(-1, 36_000_000), "handoff_taken"),
  ev("wb", at(0, 1_000), "conversation_started"),
  ev("wb", at(0, 2_000), "fallback", { text: "where is my parcel" }),
].filter((e) => e.at <= new Date().toISOString());

const dirs: string[] = [];
afterEach(async () => {
  for (const d of dirs.splice(0)) await rm(d, { recursive: true, force: true });
});
async function lowdb(): Promise<{ store: Store; dir: string }> {
  const dir = await mkdtemp(join(tmpdir(), "afterleak-rollups-"));
  dirs.push(dir);
  return { store: await createLowdbStore({ dir }), dir };
}

describe("dashboard runner over day rollups", () => {
  for (const worker of [false, true]) {
    it(`gives the figures of all the events, keeps closed days in the store and sums a day again after a forget (worker: ${worker})`, async () => {
      const { store, dir } = await lowdb();
      await store.record(events);
      await store.flush();
      const since = new Date(today - 3 * DAY);
      const runner = createDashboardRunner(store, { worker, cacheMs: 0 });
      const now = new Date().toISOString();
      for (const f of [{}, { channel: "telegram" }, { locale: "ko" }]) {
        const got = await runner.compute(since, f);
        expect({ ...got, closedToday: 0 }).toEqual({ ...computeDashboard(events, f, { now }), closedToday: 0 });
      }
      expect((await store.getSetting(`admin-rollup:${at(-3, 0).slice(0, 10)}`))?.length).toBeGreaterThan(100);
      await runner.close();
      await store.close();

      // A restart: the closed days come from the store; a forget changes a closed day, which is summed again.
      const reopened = await createLowdbStore({ dir });
      let read = 0;
      let settingsRead = 0;
      const counting: Store = {
        ...reopened,
        // Rollup reads only: a view's kept figures (admin-view:) are the subject of the next test.
        getSetting: (k: string) => {
          if (k.startsWith("admin-rollup")) settingsRead += 1;
          return reopened.getSetting(k);
        },
        async *events(from?: Date) {
          for await (const e of reopened.events(from)) {
            read += 1;
            yield e;
          }
        },
      };
      const again = createDashboardRunner(counting, { worker, cacheMs: 0 });
      expect((await again.compute(since, {})).stats).toEqual(computeDashboard(events).stats);
      // Nothing was read: every day's rollup, today's too, came from the store.
      expect(read).toBe(0);
      await reopened.forget("tk");
      const rest = events.filter((e) => e.key !== "tk");
      expect((await again.compute(since, {})).stats).toEqual(computeDashboard(rest).stats);
      expect(await reopened.getSetting(`admin-rollup:${at(-2, 0).slice(0, 10)}`)).not.toContain('"tk"');
      await again.close();

      // A first view after a restart with today's events changed: answered at once from the
      // persisted rollups (nothing read), the fresh figures computed behind it.
      await reopened.record([ev("wc", new Date().toISOString(), "conversation_started")]);
      await reopened.flush();
      read = 0;
      let clock = Date.now();
      const third = createDashboardRunner(counting, { worker, cacheMs: 1000, now: () => clock });
      expect((await third.compute(since, {}, "3d")).stats.total.conversations).toBe(computeDashboard(rest).stats.total.conversations);
      expect(read).toBe(0);
      await third.settle();
      clock += 2000;
      expect((await third.compute(since, {}, "3d")).stats.total.conversations).toBe(computeDashboard(rest).stats.total.conversations + 1);
      await third.close();

      // With the worker, a runner takes the persisted rollups as it starts: once that is done
      // (settle), the first view only adds them up (no event and no rollup read).
      if (worker) {
        await reopened.flush();
        const fourth = createDashboardRunner(counting, { worker, cacheMs: 1000, persistViews: false });
        await fourth.settle();
        read = 0;
        settingsRead = 0;
        expect((await fourth.compute(since, {}, "3d")).stats.total.conversations).toBe(computeDashboard(rest).stats.total.conversations + 1);
        expect([read, settingsRead]).toEqual([0, 0]);
        await fourth.close();
      }
      await reopened.close();
    });
  }
});
