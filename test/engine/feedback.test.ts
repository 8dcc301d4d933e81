import { describe, expect, it } from "vitest";
import type { AnalyticsEvent, Reply } from "../../src/index.js";
import { choices, harness, texts } from "../helpers/engine.js";
import { miniPack, realPack } from "../helpers/packs.js";

const feedbackPrompts = (replies: Reply[]) =>
  replies.filter((r) => r.kind === "choices" && r.choices.some((c) => c.id.startsWith("fb:")));

async function recorded(h: ReturnType<typeof harness>): Promise<AnalyticsEvent[]> {
  const out: AnalyticsEvent[] = [];
  for await (const e of h.store.events()) out.push(e);
  return out;
}

describe("answer feedback", () => {
  it("asks once per answer, after the follow-ups, until the user rated the topic", async () => {
    const h = harness(await miniPack());
    let r = await h.text("was my card leaked");
    expect(feedbackPrompts(r)).toEqual([
      {
        kind: "choices",
        prompt: "Was this helpful?",
        choices: [
          { id: "fb:up:card-leaked", label: "👍 Yes" },
          { id: "fb:down:card-leaked", label: "👎 No" },
        ],
      },
    ]);
    expect(r.at(-1)).toBe(feedbackPrompts(r)[0]);
    r = await h.choose("f:card-leaked");
    expect(feedbackPrompts(r)).toHaveLength(1);

    r = await h.choose("fb:up:card-leaked");
    expect(texts(r)).toContain("Thank you for letting us know.");
    // The first helpful answer is where the bot offers incident updates (opt-in, never assumed).
    expect(choices(r).map((c) => c.id)).toContain("u:on");
    r = await h.choose("f:card-leaked");
    expect(texts(r)).toContain("card numbers were reported as not exposed");
    expect(feedbackPrompts(r)).toEqual([]);
    r = await h.choose("f:password-change");
    expect(choices(feedbackPrompts(r))).toEqual([expect.objectContaining({ id: "fb:up:password-change" }), expect.objectContaining({ id: "fb:down:password-change" })]);
  });

  it("records one vote per topic, with channel and locale, and ignores an old button", async () => {
    const h = harness(await miniPack());
    await h.text("카드번호 유출");
    await h.choose("fb:down:card-leaked");
    await h.choose("fb:up:card-leaked");
    await h.choose("fb:down:card-leaked");
    const votes = (await recorded(h)).filter((e) => e.type === "feedback");
    expect(votes).toEqual([expect.objectContaining({ topic: "card-leaked", value: "down", channel: "console", locale: "ko" })]);
    expect((await h.store.get(h.engine.keyOf(h.user)))?.feedback).toEqual(["card-leaked"]);
  });

  it("answers 👎 with the entry's related topics, a person and the menu, in the user's language", async () => {
    const h = harness(await miniPack());
    await h.text("카드번호 유출");
    const r = await h.choose("fb:down:card-leaked");
    expect(r).toEqual([
      {
        kind: "choices",
        prompt: "도움이 되지 못해 죄송해요. 아래 내용을 보시거나 상담원과 이야기해 보세요.",
        choices: [
          { id: "f:password-change", label: "비밀번호 변경" },
          { id: "m:human", label: "상담원 연결" },
          { id: "m:main", label: "처음으로" },
        ],
      },
    ]);
  });

  it("treats a vote for an unknown topic as a stale button", async () => {
    const h = harness(await miniPack());
    const r = await h.choose("fb:up:no-such-topic");
    expect(texts(r)).toContain("earlier message");
    expect((await recorded(h)).some((e) => e.type === "feedback")).toBe(false);
  });

  it("offers feedback on every answer of the real pack within the button limit", async () => {
    const pack = await realPack();
    const h = harness(pack);
    for (const e of pack.faq) {
      const r = await h.choose(`f:${e.id}`);
      const ids = choices(feedbackPrompts(r)).map((c) => c.id);
      expect(ids).toEqual([`fb:up:${e.id}`, `fb:down:${e.id}`]);
      for (const id of ids) expect(Buffer.byteLength(id)).toBeLessThanOrEqual(64);
      h.clock.advance(60_000);
    }
  });
});
