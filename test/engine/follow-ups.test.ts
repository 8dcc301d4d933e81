import { describe, expect, it } from "vitest";
import { createEngine, createMemoryStore, type ContentPack, type UserRef } from "../../src/index.js";
import { matcherFromPack } from "../../src/matcher/from-pack.js";
import type { Matcher } from "../../src/matcher/matcher.js";
import { readFollowUp } from "../../src/engine/follow-ups.js";
import { fixedClock } from "../helpers/engine.js";
import { realPack } from "../helpers/packs.js";

let matcher: Matcher | undefined;
let n = 0;

/** A new user who has just been shown `topic` (by its button), then sends `text`; returns the outcome. */
async function after(pack: ContentPack, topic: string, text: string) {
  matcher ??= matcherFromPack(pack);
  const engine = createEngine({ pack, store: createMemoryStore(), matcher, secret: "follow-up-test-secret-follow-up", clock: fixedClock().now });
  const user: UserRef = { platform: "console", userId: `u${n++}`, chat: "private" };
  await engine.handle({ kind: "choice", choiceId: `f:${topic}`, user });
  return (await engine.handle({ kind: "text", text, user })).outcome;
}

describe("follow-ups read against the last topic", () => {
  it.each([
    ["email-exposed-risk", "what about my phone number?", "phone-exposed-risk"],
    ["payment-data-exposed", "what about my email?", "email-exposed-risk"],
    ["email-exposed-risk", "그럼 카드는요?", "payment-data-exposed"],
    ["payment-data-exposed", "이메일도요?", "email-exposed-risk"],
    ["phone-exposed-risk", "and my address?", "address-exposed-risk"],
    ["fake-delivery-text", "and if I already did?", "clicked-link"],
    ["smishing-refund", "이미 눌렀으면요?", "clicked-link"],
    ["voice-phishing-call", "what if I already gave it to them?", "shared-card-or-otp"],
    // A move beside a short follow-up: the follow-up is answered (the move acknowledged in front).
    ["fake-delivery-text", "이미 눌렀어요 어떡해요", "clicked-link"],
    ["voice-phishing-call", "oh no i already told them", "shared-card-or-otp"],
    ["email-exposed-risk", "고마워요 그럼 주소는요", "address-exposed-risk"],
    ["email-exposed-risk", "고마워요 주소는요", "address-exposed-risk"],
    ["payment-data-exposed", "thanks! and my email?", "email-exposed-risk"],
    // The group's own fillers: asking whether a sibling leaked too is still only that sibling.
    ["email-exposed-risk", "배송지도 털렸나요?", "address-exposed-risk"],
    ["email-exposed-risk", "was my phone number leaked too?", "phone-exposed-risk"],
  ])("after %s, %j reaches %s", async (topic, text, expected) => {
    expect(await after(await realPack(), topic, text)).toEqual({ kind: "topic", topic: expected, via: "follow-up" });
  });

  it("reaches every sibling of every group, in both languages", async () => {
    const pack = await realPack();
    const groups = pack.conversation?.followUps.siblings ?? [];
    expect(groups.length).toBeGreaterThan(0);
    for (const g of groups) {
      const ids = Object.keys(g.topics);
      for (const [i, target] of ids.entries()) {
        const context = ids[(i + 1) % ids.length] ?? target;
        for (const [locale, template] of [["en", (s: string) => `what about ${s}?`], ["ko", (s: string) => `그럼 ${s}도요?`]] as const) {
          const subject = g.topics[target]?.[locale]?.[0] ?? "?";
          // The mechanics alone, then the whole engine.
          expect(readFollowUp(pack, context, template(subject)), `${g.id}: ${template(subject)}`).toEqual({ topic: target, via: "sibling" });
          expect(await after(pack, context, template(subject))).toMatchObject({ topic: target });
        }
      }
    }
  });

  it("a message with a verb of its own is a question, not a follow-up", async () => {
    const pack = await realPack();
    expect(readFollowUp(pack, "payment-data-exposed", "what about my email, can someone use it to break into my bank account?")).toBeUndefined();
    expect(readFollowUp(pack, "payment-data-exposed", "이메일로 피싱 메일이 오면 어떻게 구별하나요?")).toBeUndefined();
  });

  it("after a topic outside the group, a bare subject is not read as a sibling", async () => {
    const pack = await realPack();
    expect(readFollowUp(pack, "timeline", "and my address?")).toBeUndefined();
    expect(readFollowUp(pack, undefined, "and my address?")).toBeUndefined();
    expect(readFollowUp(pack, undefined, "and my address?", true)).toEqual({ topic: "address-exposed-risk", via: "subject" });
    // With no topic in context, a bare subject with its group's fillers reaches its topic when the matcher finds none.
    expect(readFollowUp(pack, undefined, "혹시 연락처도 유출됐는지 궁금해요", true)).toEqual({ topic: "phone-exposed-risk", via: "subject" });
    // The fillers of one group do not make a subject of another a sibling.
    expect(readFollowUp(pack, "change-password", "2단계 인증 유출됐나요?")).toBeUndefined();
  });
});
