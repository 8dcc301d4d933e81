import { describe, expect, it } from "vitest";
import { labelledExamples, unansweredAsks } from "../../src/analytics/labelled.js";
import type { AnalyticsEvent } from "../../src/store/state.js";

const ev = (at: string, key: string, e: Partial<AnalyticsEvent>): AnalyticsEvent => ({ at: `2026-11-27T09:00:${at}.000Z`, key, channel: "console", locale: "en", type: "fallback", ...e });

const events: AnalyticsEvent[] = [
  ev("01", "k1", { type: "unsure_asked", text: "is my card ok after this", value: "payment-data-exposed,card-reissue" }),
  ev("02", "k2", { type: "unsure_asked", text: "hmm what about my 010-1234-5678", value: "phone-exposed-risk" }),
  ev("03", "k1", { type: "unsure_picked", topic: "payment-data-exposed", value: "payment-data-exposed" }),
  ev("04", "k2", { type: "unsure_picked", value: "none" }),
  ev("05", "k3", { type: "unsure_asked", text: "is my card ok after this", value: "payment-data-exposed" }),
  ev("06", "k3", { type: "unsure_picked", topic: "payment-data-exposed", value: "payment-data-exposed" }),
  ev("07", "k4", { type: "unsure_asked", text: "never answered", value: "timeline" }),
  ev("08", "k4", { type: "fallback", text: "something else" }),
];

describe("labelled examples from 'Is it one of these?'", () => {
  it("pairs each question with the topic the same user picked next, counted", () => {
    expect(labelledExamples(events)).toEqual([{ text: "is my card ok after this", locale: "en", label: "payment-data-exposed", count: 2, lastSeen: "2026-11-27T09:00:06.000Z" }]);
  });

  it("hands questions without a pick to the unanswered export, redaction happening there", () => {
    const asks = unansweredAsks(events);
    expect(asks.map((a) => [a.key, a.type, a.text])).toEqual([
      ["k2", "fallback", "hmm what about my 010-1234-5678"],
      ["k4", "fallback", "never answered"],
    ]);
  });
});
