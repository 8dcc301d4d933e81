import { describe, expect, it } from "vitest";
import { createEngine, createMemoryStore, type ContentPack, type InboundEvent, type UserRef } from "../../src/index.js";
import type { Matcher } from "../../src/matcher/matcher.js";
import { matcherFromPack } from "../../src/matcher/from-pack.js";
import { fixedClock, type EventBody } from "../helpers/engine.js";
import { realPack } from "../helpers/packs.js";
import { correctedText } from "../../src/engine/several.js";

const user: UserRef = { platform: "telegram", userId: "8", chat: "private" };
const trained = new WeakMap<ContentPack, Matcher>();

function chat(pack: ContentPack) {
  let m = trained.get(pack);
  if (!m) trained.set(pack, (m = matcherFromPack(pack)));
  const engine = createEngine({ pack, store: createMemoryStore(), secret: "moves-beside-secret-00000000000000", clock: fixedClock().now, matcher: m });
  const send = (e: EventBody) => engine.handle({ ...e, user } as InboundEvent);
  return { text: (text: string) => send({ kind: "text", text }), command: (command: string) => send({ kind: "command", command } as EventBody) };
}

describe("words beside a move", () => {
  it.each([
    // Without a question mark, what the feeling is about is no question unless the matcher is sure of a topic.
    ["so upset, my kids details are floating around now", { kind: "move", move: "distress" }],
    ["걱정돼서 잠도 안 오네요 가족들 정보까지 다 나갔다니", { kind: "move", move: "distress" }],
    // A question beside a move is still answered; an answer word in it ("delete") stays a word of the question.
    ["ugh so angry, how do I delete my account", { kind: "topic", topic: "delete-account" }],
    ["무서워요 카드 재발급 받아야 하나요?", { kind: "topic", topic: "card-reissue" }],
    // A move worded with its ending, twice: nothing is left to ask.
    ["챗봇이세요 아니면 직원이세요?", { kind: "move", move: "bot-identity" }],
    ["this is the stupidest bot on earth", { kind: "move", move: "insult" }],
    ["this company is a joke, they never protect anything", { kind: "move", move: "anger" }],
  ])("%j -> %j", async (text, want) => {
    expect((await chat(await realPack()).text(text)).outcome).toMatchObject(want);
  });

  it("picks a listed option typed with words around its number", async () => {
    const pack = await realPack();
    for (const [line, n] of [["3번 보여 주세요", 3], ["show me number 2", 2]] as const) {
      const c = chat(pack);
      await c.command("faq");
      expect((await c.text(line)).outcome).toMatchObject({ kind: "pending", answer: n });
    }
  });
});

describe("a message its writer corrects", () => {
  it.each([
    ["phone? sorry i mean, what about my address", "what about my address"],
    ["이메일은요? 아 아니 주소는요?", "주소는요?"],
    ["wait, was my card leaked?", "was my card leaked?"],
    // Only at the start of a sentence or clause, and with something after it.
    ["what actually leaked?", undefined],
    ["how long do I wait for the new card", undefined],
    ["card details. i mean", undefined],
  ])("%j reads as %j", async (text, want) => {
    expect(correctedText(await realPack(), text)).toBe(want);
  });

  it("answers the subject it was corrected to, against the last topic, not the one taken back", async () => {
    const pack = await realPack();
    // Read whole, each would answer its first question (phone, card) as one of several.
    for (const [first, second] of [
      ["is my email address out there?", "and my phone number? actually no, what about my password?"],
      ["전화번호도 유출됐나요?", "카드번호는요? 아니 잠깐, 비밀번호는요?"],
    ] as const) {
      const c = chat(pack);
      await c.text(first);
      expect((await c.text(second)).outcome).toMatchObject({ kind: "topic", topic: "password-exposed" });
    }
  });
});
