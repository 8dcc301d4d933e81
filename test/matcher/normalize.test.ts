import { describe, expect, it } from "vitest";
import { askedClause, cleanText, focusLongText, repairKeyboardLayout, stripKoreanEnding, stripPoliteWrapper, toJamo } from "../../src/matcher/normalize.js";
import { features } from "../../src/matcher/features.js";

describe("cleanText", () => {
  it.each([
    ["Ｃａｒｄ ｌｅａｋｅｄ？", "card leaked?"],
    ["ca\u200brd\u200d le\ufeffaked", "card leaked"],
    ["sooo worried!!!", "so worried!"],
    ["pleeeease help", "please help"],
    ["비번 털렸어 ㅠㅠㅠ", "비번 털렸어"],
    ["ㅋㅋㅋ 진짜요?", "진짜요?"],
    ["my card 😭😭 🙏🏽 leaked", "my card leaked"],
    ["  lots   of\n\nspace ", "lots of space"],
    ["r u sure my acct is ok? pls help", "are you sure my account is ok? please help"],
    ["idk wat ppl r doing abt it", "i don't know what people are doing about it"],
    ["LG U+ ur msg", "lg u+ your message"],
  ])("%j -> %j", (raw, clean) => {
    expect(cleanText(raw)).toBe(clean);
  });
});

describe("stripPoliteWrapper", () => {
  it.each([
    ["could you kindly clarify which measures are advisable?", "which measures are advisable?"],
    ["i was wondering whether my card was leaked", "whether my card was leaked"],
    ["i wish to inquire as to the procedure for replacing a card", "the procedure for replacing a card"],
    ["might you be able to explain what this assistant keeps", "what this assistant keeps"],
    ["i would like to understand the scope of assistance", "the scope of assistance"],
    ["do you know if i'm affected", "if i'm affected"],
    // No question follows: the words are the question.
    ["what can you tell me", "what can you tell me"],
    ["can you explain", "can you explain"],
  ])("%j -> %j", (raw, out) => {
    expect(stripPoliteWrapper(raw)).toBe(out);
  });
});

describe("repairKeyboardLayout", () => {
  const vocab = { isEnglish: (w: string) => ["card", "leaked", "is", "my"].includes(w), isKorean: (h: string) => ["유출", "비번", "쿠팡"].some((k) => h.includes(k)) };
  it.each([
    ["dbcnf", "유출"],
    ["qlqjs", "비번"],
    ["znvkd dbcnf", "쿠팡 유출"],
    ["is my card leaked", "is my card leaked"],
    ["qwerty", "qwerty"],
  ])("%j -> %j", (raw, fixed) => {
    expect(repairKeyboardLayout(raw, vocab)).toBe(fixed);
  });
});

describe("stripKoreanEnding", () => {
  it.each([
    ["유출됐나요", "유출"],
    ["카드도", "카드"],
    ["비번도요", "비번"],
    ["털린건가요", "털린"],
    ["정보", "정보"],
    ["알려주세요", "알려"],
    ["털렸음", "털렸"],
    ["유출임", "유출"],
  ])("%j -> %j", (word, stem) => {
    expect(stripKoreanEnding(word)).toBe(stem);
  });
});

describe("jamo and long messages", () => {
  it("splits Hangul into jamo, so a typo shares most n-grams", () => {
    expect(toJamo("유출")).toBe("ㅇㅠㅊㅜㄹ");
    const a = [...features("유출됐나요").keys()].filter((k) => k.startsWith("j:"));
    const b = new Set([...features("유츌됐나요").keys()].filter((k) => k.startsWith("j:")));
    expect(a.filter((k) => b.has(k)).length / a.length).toBeGreaterThan(0.6);
  });

  it("keeps the opening and the end of a long story", () => {
    const text = `${"I was shopping and ".repeat(80)}so was my password leaked?`;
    const f = focusLongText(text);
    expect(f.length).toBeLessThan(620);
    expect(f.endsWith("so was my password leaked?")).toBe(true);
    expect(focusLongText("short question")).toBe("short question");
  });
});

describe("askedClause", () => {
  it.each([
    ["i'm so angry, months of this and nobody told us, is anyone even being punished?", "is anyone even being punished?"],
    ["we shop there a lot. my question is simple. was my card leaked?", "was my card leaked?"],
    ["너무 화나요. 근데 보상은 해주나요?", "근데 보상은 해주나요?"],
    ["was my card leaked?", null],
    ["i'm angry, they never told us.", null],
  ])("%j -> %j", (text, clause) => {
    expect(askedClause(text)).toBe(clause);
  });
});
