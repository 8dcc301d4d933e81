import { describe, expect, it } from "vitest";
import { compileLexicon } from "../../src/matcher/lexicon.js";
import { features } from "../../src/matcher/features.js";
import { createMatcher } from "../../src/matcher/matcher.js";

const lx = compileLexicon({
  synonyms: {
    en: [
      { canonical: "reissue", words: ["swap out", "get a new", "replace"] },
      { canonical: "leaked", words: ["stolen", "got out", "yuchul"] },
    ],
    ko: [{ canonical: "유출", words: ["털렸", "새어나갔"] }],
  },
  paraphrases: [
    { topic: "cause", locale: "en", match: ["\\b(weak spot|loophole)\\b"] },
    { topic: "cause", locale: "ko", match: ["뚫렸"] },
  ],
});

describe("lexicon synonyms", () => {
  it.each([
    ["should i get a new card", "should i reissue card"],
    ["should I swap   out my card", "should i reissue my card"],
    ["do i replace it", "do i reissue it"],
    ["they replaced it", "they reissue it"],
    ["replacing my card", "reissue my card"],
    ["was my password stolen", "was my password leaked"],
    ["did my email got out", "did my email leaked"],
    ["coupang yuchul", "coupang leaked"],
    ["비번 털렸어", "비번 유출어"],
    ["정보가 새어나갔대", "정보가 유출대"],
    ["replacement", "replacement"],
    ["nothing to see", "nothing to see"],
  ])("%j -> %j", (text, canonical) => {
    expect(lx.canonicalize(text.toLowerCase())).toBe(canonical);
  });

  it("makes synonyms share features", () => {
    expect(features("get a new card", { lexicon: lx }).get("w:reissu")).toBe(1);
    expect(features("털렸나요", { lexicon: lx }).has("k:유출")).toBe(true);
  });
});

describe("lexicon paraphrases", () => {
  it.each([
    ["what was the weak spot", "cause"],
    ["어떻게 뚫렸어", "cause"],
  ])("%j is evidence for %s", (text, topic) => {
    expect([...lx.evidence(text).keys()]).toEqual([topic]);
  });

  it("lifts a topic the training phrases alone would not find", () => {
    const input = {
      topics: [
        { id: "cause", phrases: ["how did the breach happen", "who did it"] },
        { id: "card-reissue", phrases: ["should i reissue my card", "do i need a new card"] },
      ],
      outOfScope: ["weather tomorrow", "recipe for dinner"],
    };
    const without = createMatcher(input).classify("which loophole?");
    const withLexicon = createMatcher({ ...input, lexicon: lx }).classify("which loophole?");
    expect(without.topic).not.toBe("cause");
    expect(withLexicon.topic).toBe("cause");
    expect(createMatcher({ ...input, lexicon: lx }).classify("would swapping out my card be overkill").topic).toBe("card-reissue");
  });

  it("weighs an out-of-scope paraphrase for the general out-of-scope class", () => {
    const input = {
      topics: [{ id: "timeline", phrases: ["timeline of the breach", "when did the breach happen"] }, { id: "cause", phrases: ["how did the breach happen"] }],
      outOfScope: ["weather tomorrow", "recipe for dinner"],
    };
    const other = compileLexicon({ synonyms: {}, paraphrases: [{ topic: "out-of-scope", locale: "en", match: ["\\btimeline of (?!.*\\bbreach\\b)"] }] });
    const m = createMatcher({ ...input, lexicon: other });
    const oos = m.classes!().indexOf("oos:general");
    expect(m.signals!("timeline of the olympics").pattern[oos]).toBe(1);
    expect(m.signals!("timeline of the breach").pattern[oos]).toBe(0);
    expect(m.classify("timeline of the breach").topic).toBe("timeline");
  });
});
