import { describe, expect, it } from "vitest";
import { groupUnanswered, similarity } from "../../src/analytics/unanswered.js";
import type { AnalyticsEvent } from "../../src/index.js";
import { features } from "../../src/matcher/features.js";

let n = 0;
const fallback = (text: string, locale = "en", at = `2026-11-2${(n++ % 8) + 1}T10:00:00.000Z`): AnalyticsEvent => ({
  at,
  key: `k${n}`,
  channel: "telegram",
  locale,
  type: "fallback",
  score: 0.02,
  text,
});

describe("similarity", () => {
  it.each([
    ["how do I return an item", "how can I return my item?", true],
    ["weather tomorrow", "what's the weather tomorrow in seoul", true],
    ["can i get a refund", "refund please", true],
    ["반품 어떻게 해요", "반품 어떻게 해요?", true],
    ["how do I return an item", "where is my order", false],
    ["was my password leaked", "was my address leaked", false],
    ["쿠팡 주가", "쿠팡 대표 사임", false],
  ])("%s ~ %s: %s", (a, b, same) => {
    expect(similarity(features(a), features(b)) >= 0.5).toBe(same);
  });
});

describe("groupUnanswered", () => {
  it("groups similar questions per locale, most asked first, worded as asked most (on a tie, most recently)", () => {
    const groups = groupUnanswered([
      fallback("How do I return an item?", "en", "2026-11-20T10:00:00.000Z"),
      fallback("how do I return an item", "en", "2026-11-21T10:00:00.000Z"),
      fallback("how do I return an item", "en", "2026-11-22T10:00:00.000Z"),
      fallback("how can I return my item", "en", "2026-11-25T10:00:00.000Z"),
      fallback("weather tomorrow", "en", "2026-11-23T10:00:00.000Z"),
      fallback("반품 어떻게 해요", "ko", "2026-11-24T10:00:00.000Z"),
      fallback("반품 어떻게 해요?", "ko", "2026-11-26T10:00:00.000Z"),
      { ...fallback("ignored"), type: "topic_answered", text: undefined },
      { ...fallback(""), text: "   " },
    ]);
    expect(groups).toEqual([
      { text: "how do I return an item", locale: "en", count: 4, lastSeen: "2026-11-25T10:00:00.000Z" },
      { text: "반품 어떻게 해요?", locale: "ko", count: 2, lastSeen: "2026-11-26T10:00:00.000Z" },
      { text: "weather tomorrow", locale: "en", count: 1, lastSeen: "2026-11-23T10:00:00.000Z" },
    ]);
  });

  it("never puts the same words in two locales together", () => {
    const groups = groupUnanswered([fallback("refund please", "en"), fallback("refund please", "ko")]);
    expect(groups.map((g) => g.locale).sort()).toEqual(["en", "ko"]);
  });

  it("redacts again on the way out and keeps questions that have no features apart", () => {
    const groups = groupUnanswered([fallback("call me at 010-1234-5678 about my refund"), fallback("???"), fallback("!!!")]);
    expect(JSON.stringify(groups)).not.toContain("5678");
    expect(groups.map((g) => g.text).sort()).toEqual(["!!!", "???", "call me at [📞] about my refund"]);
  });
});
