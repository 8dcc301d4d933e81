import { describe, expect, it } from "vitest";
import { computeDashboard, type AnalyticsEvent } from "../../src/index.js";

const ev = (at: string, key: string, type: AnalyticsEvent["type"], more: Partial<AnalyticsEvent> = {}): AnalyticsEvent => ({
  at,
  key,
  channel: "discord",
  locale: "en",
  type,
  ...more,
});

describe("console dashboard: open handoffs and packs", () => {
  const events: AnalyticsEvent[] = [
    ev("2026-12-03T08:00:00Z", "a", "conversation_started", { pack: "p1" }),
    ev("2026-12-03T08:00:01Z", "a", "handoff_requested", { pack: "p1" }),
    ev("2026-12-03T09:00:00Z", "b", "conversation_started", { pack: "p2", channel: "telegram" }),
    ev("2026-12-03T09:00:01Z", "b", "handoff_requested", { pack: "p2", channel: "telegram" }),
    ev("2026-12-03T09:30:00Z", "b", "handoff_taken", { pack: "p2", channel: "telegram" }),
    ev("2026-12-02T10:00:00Z", "c", "conversation_started", { pack: "p1" }),
    ev("2026-12-02T10:00:01Z", "c", "handoff_requested", { pack: "p1" }),
    ev("2026-12-03T07:00:00Z", "c", "handoff_closed", { pack: "p1", value: "support" }),
  ];

  it("lists handoffs not closed since, oldest first, with taken ones marked, and counts those closed today", () => {
    const d = computeDashboard(events, {}, { now: "2026-12-03T12:00:00Z" });
    expect(d.openHandoffs).toEqual([
      { key: "a", channel: "discord", locale: "en", since: "2026-12-03T08:00:01Z", taken: false },
      { key: "b", channel: "telegram", locale: "en", since: "2026-12-03T09:00:01Z", taken: true },
    ]);
    expect(d.closedToday).toBe(1);
    expect(computeDashboard(events, {}, { now: "2026-12-04T12:00:00Z" }).closedToday).toBe(0);
  });

  it("filters by pack and lists the packs seen before filtering", () => {
    const d = computeDashboard(events, { pack: "p2" }, { now: "2026-12-03T12:00:00Z" });
    expect(d.packs).toEqual(["p1", "p2"]);
    expect(d.stats.total.conversations).toBe(1);
    expect(d.openHandoffs.map((h) => h.key)).toEqual(["b"]);
  });
});
