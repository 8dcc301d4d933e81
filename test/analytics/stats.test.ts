import { beforeAll, describe, expect, it } from "vitest";
import { computeStats } from "../../src/analytics/stats.js";
import { createMemoryStore, type AnalyticsEvent } from "../../src/index.js";
import { miniPack } from "../helpers/packs.js";
import { playScript } from "./script.js";

let events: AnalyticsEvent[];

beforeAll(async () => {
  ({ events } = await playScript(await miniPack(), createMemoryStore()));
});

describe("analytics events from the engine", () => {
  it("tags every event with the channel and locale of its user", () => {
    expect(events.length).toBeGreaterThan(20);
    for (const e of events) {
      expect(["telegram", "discord"]).toContain(e.channel);
      expect(["en", "ko"]).toContain(e.locale);
      expect(e.key).toMatch(/^[\w-]{16,}$/);
    }
    const of = (type: AnalyticsEvent["type"]) => events.filter((e) => e.type === type).map((e) => `${e.channel}/${e.locale}`);
    expect(of("handoff_requested")).toEqual(["telegram/en", "discord/en"]);
    expect(of("handoff_taken")).toEqual(["telegram/en"]);
    expect(of("handoff_closed")).toEqual(["telegram/en"]);
    expect(of("feedback")).toEqual(["telegram/en", "discord/ko", "discord/ko"]);
    expect(of("did_you_mean")).toEqual(["discord/en"]);
    expect(of("task_completed")).toEqual(["telegram/en"]);
  });

  it("keeps message text only in fallback events, redacted", () => {
    expect(events.filter((e) => e.text !== undefined).map((e) => e.type)).toEqual(["fallback", "fallback", "fallback"]);
    expect(JSON.stringify(events)).not.toContain("refund for my order");
  });
});

describe("computeStats on scripted conversations", () => {
  it("counts conversations, deflection, fallbacks, helpfulness and handoffs", () => {
    const s = computeStats(events);
    expect(s.events).toBe(events.length);
    expect(s.from).toBe("2026-11-27T09:00:10.000Z");
    expect(s.total).toEqual({
      conversations: 6,
      deflected: 3,
      deflectionRate: 0.5,
      messages: 9,
      fallbacks: 3,
      fallbackRate: 0.333,
      feedbackUp: 2,
      feedbackDown: 1,
      helpfulness: 0.667,
      handoffsRequested: 2,
      handoffsTaken: 1,
      handoffsClosed: 1,
    });
  });

  it("splits by channel and by locale", () => {
    const s = computeStats(events);
    expect(Object.keys(s.byChannel)).toEqual(["discord", "telegram"]);
    expect(s.byChannel.telegram).toMatchObject({ conversations: 4, deflected: 3, deflectionRate: 0.75, messages: 5, fallbacks: 1, fallbackRate: 0.2, helpfulness: 1, handoffsRequested: 1, handoffsTaken: 1, handoffsClosed: 1 });
    expect(s.byChannel.discord).toMatchObject({ conversations: 2, deflected: 0, deflectionRate: 0, messages: 4, fallbacks: 2, fallbackRate: 0.5, feedbackUp: 1, feedbackDown: 1, helpfulness: 0.5, handoffsRequested: 1, handoffsTaken: 0 });
    expect(Object.keys(s.byLocale)).toEqual(["en", "ko"]);
    expect(s.byLocale.en).toMatchObject({ conversations: 3, deflected: 1, deflectionRate: 0.333, messages: 4, fallbacks: 2, fallbackRate: 0.5, helpfulness: 1, handoffsRequested: 2 });
    expect(s.byLocale.ko).toMatchObject({ conversations: 3, deflected: 2, deflectionRate: 0.667, messages: 5, fallbacks: 1, fallbackRate: 0.2, helpfulness: 0.5, handoffsRequested: 0 });
  });

  it("ranks topics, groups unanswered questions and builds the task funnel", () => {
    const s = computeStats(events);
    expect(s.topTopics).toEqual([
      { topic: "card-leaked", count: 3 },
      { topic: "password-change", count: 2 },
      { topic: "smishing", count: 2 },
    ]);
    expect(s.topUnanswered).toEqual([
      { text: "how can I return my item?", locale: "en", count: 2, lastSeen: expect.stringMatching(/^2026-11-27T09:3/) },
      { text: "반품 어떻게 해요", locale: "ko", count: 1, lastSeen: expect.any(String) },
    ]);
    expect(s.funnel).toEqual([{ task: "secure", started: 2, completed: 1, rate: 0.5 }]);
    expect(computeStats(events, { top: 1 }).topTopics).toHaveLength(1);
  });

  it("counts a conversation begun before the window once, and is empty on no events", () => {
    const late = events.filter((e) => e.at >= "2026-11-27T09:00:30.000Z");
    expect(late[0]?.type).not.toBe("conversation_started");
    expect(computeStats(late).total.conversations).toBe(6);
    const none = computeStats([]);
    expect(none.total).toMatchObject({ conversations: 0, deflectionRate: null, fallbackRate: null, helpfulness: null });
    expect(none.from).toBeNull();
  });

  it("does not depend on the order events arrive in", () => {
    const reversed = computeStats([...events].reverse());
    expect(reversed.total).toEqual(computeStats(events).total);
    expect(reversed.funnel).toEqual(computeStats(events).funnel);
  });
});
