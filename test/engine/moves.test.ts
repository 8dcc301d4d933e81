import { describe, expect, it } from "vitest";
import { classifyMove } from "../../src/engine/move-classifier.js";
import { matchAnswer, matchMove, matchNumber } from "../../src/engine/moves.js";
import { findPhrase, spotText } from "../../src/engine/phrases.js";
import { splitQuestions } from "../../src/engine/several.js";
import { realPack } from "../helpers/packs.js";

describe("phrase spotting", () => {
  it.each([
    ["hi, was my card leaked?", "hi", true],
    ["this is odd", "hi", false],
    ["너무 무서워요", "무서워", true],
    ["카드네요", "네", false],
    ["I'm scared", "im scared", true],
  ])("%j holds %j: %s", (text, phrase, found) => {
    expect(!!findPhrase(spotText(text), spotText(phrase))).toBe(found);
  });
});

describe("moves and answer words of the default pack", () => {
  it.each([
    ["안녕하세요", "greeting", ""],
    ["thanks, bye!", "goodbye", ""],
    ["hi, are you a bot?", "bot-identity", ""],
    ["ㅠㅠㅠ", "distress", ""],
    ["쓰레기 같은 챗봇", "insult", ""],
    ["무서워요 제 정보 다 털린 거예요?", "distress", "제 정보 다 털린 거예요"],
    // A tone mark (Hangul vowels, emoji) gives way to a worded move, wherever it stands.
    ["고맙습니다 ㅠㅠ", "thanks", ""],
    ["진짜 짜증나 ㅜㅜ", "anger", ""],
    ["thanks 😭", "thanks", ""],
    ["ㅠㅠ 안녕하세요", "greeting", ""],
    ["어떡해요 ㅠㅠ", "distress", ""],
    // Phrases ending in the same word: the longer wins ("나서 미치겠" over "미치겠어요").
    ["화가 나서 미치겠어요", "anger", ""],
    ["미치겠어요", "distress", ""],
    // A letter drawn out counts once.
    ["thank youuu", "thanks", ""],
    ["soooo scared", "distress", ""],
    // The pack's chat spellings (respell): words and Korean word endings.
    ["are u a bot", "bot-identity", ""],
    ["r u human?", "bot-identity", ""],
    ["안녕하세용", "greeting", ""],
    ["고마워영", "thanks", ""],
  ])("%j is the move %s, leaving %j", async (text, move, rest) => {
    expect(matchMove(await realPack(), text)).toMatchObject({ move: { id: move }, rest });
  });

  it.each([
    ["네", "yes"],
    ["yes please", "yes"],
    ["네 도움이 됐어요", "yes"],
    ["ok thanks", "yes"],
    ["ㄴㄴ", "no"],
    ["no thanks", "no"],
    ["완료했습니다", "done"],
    ["skip", "skip"],
    ["nooo", "no"],
    ["yesssss", "yes"],
    ["ㅇㅇㅇ", "yes"],
    ["ㄴㄴㄴ", "no"],
    ["아니용", "no"],
    ["넹", "yes"],
    ["네 사용했어요", undefined],
    ["네이버 계정도요?", undefined],
    ["no, I mean my card", undefined],
  ])("%j answers %s", async (text, word) => {
    expect(matchAnswer(await realPack(), text)).toBe(word);
  });

  it("reads an unlisted wording of a move, and not an unrelated message", async () => {
    const pack = await realPack();
    expect(classifyMove(pack, "I really appreciate your help")?.move.id).toBe("thanks");
    expect(classifyMove(pack, "what's the weather tomorrow?")).toBeUndefined();
    expect(classifyMove(pack, "오늘 점심 뭐 먹지")).toBeUndefined();
  });

  it("splits several questions at sentence ends and the pack's separators", async () => {
    const pack = await realPack();
    expect(splitQuestions(pack, "was my card leaked and should I change my password?")).toEqual(["was my card leaked", "should i change my password"]);
    expect(splitQuestions(pack, "카드 재발급 해야 하나요? 그리고 비밀번호도 바꿔야 하나요?")).toEqual(["카드 재발급 해야 하나요", "비밀번호도 바꿔야 하나요"]);
    expect(splitQuestions(pack, "card and cvc?")).toEqual([]);
  });
});

describe("typed option numbers", () => {
  it.each([
    ["2", 2],
    ["2.", 2],
    ["3)", 3],
    ["2번", 2],
    ["1번이요", 1],
    ["option 2", 2],
    // Numbers in the pack's words.
    ["the second one", 2],
    ["third", 3],
    ["option two", 2],
    ["첫번째", 1],
    ["두 번째요", 2],
    ["세 번째 거", 3],
    ["네", undefined],
    ["두려워요", undefined],
    ["one more question", undefined],
    ["2 apples", undefined],
    ["010", undefined],
    ["call 112", undefined],
    // Several of the pack's words in a row around the number.
    ["4번 알려주세요", 4],
    ["2번좀 보여줘", 2],
    ["tell me about number 3 please", 3],
    ["2번 부탁드려요", 2],
    ["can i see option 1", 1],
    ["2 pls", 2],
    ["2번 맛집 알려줘", undefined],
    ["3 days later", undefined],
  ])("%j is %s", async (text, n) => {
    expect(matchNumber(await realPack(), text)).toBe(n);
  });
});

describe("moves in the analytics", () => {
  it("records each move met (alone or before a question) by its id only, and stats counts them", async () => {
    const { createEngine, createMemoryStore } = await import("../../src/index.js");
    const { computeStats } = await import("../../src/analytics/stats.js");
    const store = createMemoryStore();
    const engine = createEngine({ pack: await realPack(), store, secret: "moves-analytics-secret-0123456789abcdef" });
    const user = { platform: "web", userId: "m1", chat: "private" as const };
    for (const text of ["안녕하세요", "고마워요", "I'm scared, was my card number leaked?"]) await engine.handle({ kind: "text", text, user });
    const events = [];
    for await (const e of store.events(new Date(0))) events.push(e);
    const moves = events.filter((e) => e.type === "move_answered");
    expect(moves.map((e) => e.value)).toEqual(["greeting", "thanks", "distress"]);
    for (const e of moves) expect(e.text).toBeUndefined();
    expect(computeStats(events).moves).toEqual([
      { move: "distress", count: 1 },
      { move: "greeting", count: 1 },
      { move: "thanks", count: 1 },
    ]);
  });
});
