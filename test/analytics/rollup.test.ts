import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { computeDashboard, type DashboardFilter } from "../../src/analytics/dashboard.js";
import { combineDays, rollupDay, rollupFromString, rollupToString } from "../../src/analytics/rollup-days.js";
import { finalizePart, partOf } from "../../src/analytics/rollup.js";
import { computeStats } from "../../src/analytics/stats.js";
import type { AnalyticsEvent } from "../../src/store/state.js";

const TYPES = ["conversation_started", "topic_answered", "fallback", "did_you_mean", "feedback", "task_started", "task_step", "task_completed", "handoff_requested", "handoff_taken", "handoff_closed", "scam_checked", "unsure_asked", "unsure_picked", "move_answered"] as const;
const DAY0 = Date.parse("2026-11-27T00:00:00.000Z");

/** Random traffic of a few users over four days, bunched near midnight too, with every event type. */
const traffic = fc.array(
  fc.record({
    key: fc.constantFrom("a", "b", "c", "d"),
    channel: fc.constantFrom("web", "telegram"),
    locale: fc.constantFrom("en", "en", "en", "ko"),
    pack: fc.constantFrom(undefined, undefined, "p1"),
    type: fc.constantFrom(...TYPES, "conversation_started", "conversation_started", "topic_answered"),
    // Minutes over four days; half of them in the hour around a midnight.
    minute: fc.oneof(fc.integer({ min: 0, max: 4 * 1440 - 1 }), fc.integer({ min: 0, max: 3 }).chain((d) => fc.integer({ min: d * 1440 + 1410, max: d * 1440 + 1470 }))),
    topic: fc.constantFrom("t1", "t2"),
    task: fc.constantFrom("s1", "s2"),
    value: fc.constantFrom("up", "down", "skipped", "done"),
    text: fc.constantFrom("where is my refund", "refund where", "is this real"),
  }),
  { maxLength: 80 },
);

function toEvents(rows: typeof traffic extends fc.Arbitrary<infer T> ? T : never): AnalyticsEvent[] {
  return rows.map((r, i) => {
    const at = new Date(Math.min(DAY0 + r.minute * 60_000 + (i % 60) * 1000, DAY0 + 4 * 86_400_000 - 1)).toISOString();
    const e: AnalyticsEvent = { at, key: r.key, channel: r.channel, locale: r.key === "d" ? r.locale : r.key === "c" ? "ko" : "en", type: r.type };
    if (r.pack && r.key !== "a") e.pack = r.pack;
    if (r.type === "topic_answered") Object.assign(e, { topic: r.topic, ...(i % 3 ? { score: 0.8 } : {}) });
    if (r.type === "feedback") Object.assign(e, { topic: r.topic, value: r.value });
    if (r.type === "fallback") e.text = r.text;
    if (r.type.startsWith("task_")) Object.assign(e, { task: r.task, step: "x", value: r.value });
    if (r.type === "unsure_picked") e.topic = r.topic;
    if (r.type === "move_answered") e.value = "thanks";
    if (r.type === "scam_checked") Object.assign(e, { hash: `h${i % 3}`, flags: i % 2 ? ["link"] : [], domains: ["x.example"] });
    return e;
  });
}

const byDay = (events: AnalyticsEvent[]) => {
  const days = new Map<string, AnalyticsEvent[]>();
  for (const e of events) days.set(e.at.slice(0, 10), [...(days.get(e.at.slice(0, 10)) ?? []), e]);
  return [...days].sort(([a], [b]) => (a < b ? -1 : 1));
};

const FILTERS: DashboardFilter[] = [{}, { channel: "web" }, { locale: "ko" }, { pack: "p1" }, { channel: "telegram", locale: "en" }];
const NOW = "2026-11-29T12:00:00.000Z";

describe("per-day rollups", () => {
  it("one run's part is computeDashboard, and its stats are computeStats", () => {
    fc.assert(
      fc.property(traffic, (rows) => {
        const events = toEvents(rows);
        for (const f of FILTERS) {
          const d = computeDashboard(events, f, { now: NOW });
          const fromPart = finalizePart(partOf(events, f), { channels: d.channels, locales: d.locales, packs: d.packs }, { now: NOW });
          expect(fromPart).toEqual(d);
          expect(fromPart.stats).toEqual(computeStats(events.filter((e) => (!f.channel || e.channel === f.channel) && (!f.locale || e.locale === f.locale) && (!f.pack || e.pack === f.pack)), { top: 50 }));
        }
      }),
      { numRuns: 150 },
    );
  });

  it("days summed apart and combined give the dashboard of all the events, or say they cannot", () => {
    let combined = 0;
    let declined = 0;
    fc.assert(
      fc.property(traffic, (rows) => {
        const events = toEvents(rows);
        const days = byDay(events).map(([day, list]) => rollupFromString(rollupToString(rollupDay(day, list.length, list))));
        for (const f of FILTERS) {
          const got = combineDays(days, f, { now: NOW });
          if (!got) {
            declined += 1;
            continue;
          }
          combined += 1;
          expect(got).toEqual(computeDashboard(events, f, { now: NOW }));
        }
      }),
      { numRuns: 300 },
    );
    // Declining (the runner then reads the events) must stay the exception even on this adversarial traffic.
    expect(combined).toBeGreaterThan(declined * 3);
  });

  it("two handoffs opened in the same millisecond come out in one order from events and from summed days", () => {
    const at = "2026-11-30T23:59:59.999Z";
    const events: AnalyticsEvent[] = [
      { at, key: "b", channel: "web", locale: "en", type: "handoff_requested" },
      { at, key: "a", channel: "web", locale: "en", type: "handoff_requested" },
      // Logged late: an earlier day's event after these (the found counterexample).
      { at: "2026-11-27T00:00:02.000Z", key: "a", channel: "web", locale: "en", type: "unsure_asked" },
    ];
    const days = byDay(events).map(([day, list]) => rollupFromString(rollupToString(rollupDay(day, list.length, list))));
    const direct = computeDashboard(events, {}, { now: NOW });
    expect(direct.openHandoffs.map((h) => h.key)).toEqual(["a", "b"]);
    expect(combineDays(days, {}, { now: NOW })?.openHandoffs).toEqual(direct.openHandoffs);
  });
});
