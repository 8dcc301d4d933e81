import { describe, expect, it } from "vitest";
import { createEngine, createMemoryStore, type ContentPack, type InboundEvent, type UserRef } from "../../src/index.js";
import type { Matcher } from "../../src/matcher/matcher.js";
import { matcherFromPack } from "../../src/matcher/from-pack.js";
import { fixedClock, type EventBody } from "../helpers/engine.js";
import { realPack } from "../helpers/packs.js";
import { readLooseAnswer } from "../../src/engine/loose-answer.js";
import type { AnswerWord } from "../../src/store/state.js";

const user: UserRef = { platform: "telegram", userId: "7", chat: "private" };
const trained = new WeakMap<ContentPack, Matcher>();

function chat(pack: ContentPack) {
  const store = createMemoryStore();
  let m = trained.get(pack);
  if (!m) trained.set(pack, (m = matcherFromPack(pack)));
  const engine = createEngine({ pack, store, secret: "pending-answers-secret-0000000000", clock: fixedClock().now, matcher: m });
  const send = (e: EventBody) => engine.handle({ ...e, user } as InboundEvent);
  return {
    text: (text: string) => send({ kind: "text", text }),
    command: (command: string) => send({ kind: "command", command } as EventBody),
    start: (payload: string) => send({ kind: "start", payload }),
  };
}

describe("deep links", () => {
  it("a start payload naming a task by its bare id starts that task, as task-<id> does", async () => {
    const pack = await realPack();
    for (const payload of ["secure-account", "task-secure-account"]) {
      const c = chat(pack);
      await c.start(payload);
      expect((await c.text("done")).outcome).toMatchObject({ kind: "pending", pending: "task-step", value: "done" });
    }
  });
});

describe("answers read loosely, only when a prompt is waiting", () => {
  const rows: [string, readonly AnswerWord[], AnswerWord | undefined][] = [
    // Answer words with a few words beside them.
    ["wait no dont", ["yes", "no"], "no"],
    ["nah never mind", ["yes", "no"], "no"],
    ["meh, not much", ["yes", "no"], "no"],
    ["아 잠깐만 하지마", ["yes", "no"], "no"],
    ["잘 모르겠고 별 도움 안 됐어요", ["yes", "no"], "no"],
    ["did it already", ["done", "skip"], "done"],
    ["all done with that step", ["done", "skip"], "done"],
    ["방금 했어요", ["done", "skip"], "done"],
    ["다 했어", ["done", "skip"], "done"],
    ["이건 패스", ["done", "skip"], "skip"],
    // A Korean answer word runs on into its endings.
    ["넘어가주세요", ["done", "skip"], "skip"],
    // Several kinds: skip over done, done over yes; yes and no together are not read.
    ["next, skip", ["done", "skip", "yes", "no"], "skip"],
    ["ok i did it", ["done", "skip", "yes", "no"], "done"],
    ["yes no", ["yes", "no"], undefined],
    // A negation beside yes or done turns it around: not read.
    ["not done yet", ["done", "skip"], undefined],
    ["아직 안 했어요", ["done", "skip"], undefined],
    // Too much beside the answer, or a question: a message of its own.
    ["no but how do i change my password", ["yes", "no"], undefined],
    ["ok so is my card safe?", ["yes", "no"], undefined],
    // One-letter Korean words do not run on ("어" is not in "어떻게").
    ["어떻게 해요", ["yes", "no"], undefined],
    // Only the kinds the prompt takes.
    ["did it already", ["yes", "no"], undefined],
    // Padding inside an answer phrase does not hide it (the rest "didnt help" would read as a question of its own).
    ["nah, that didn't really help", ["yes", "no"], "no"],
  ];
  it.each(rows)("%s (%j) -> %s", async (text, accepted, want) => {
    const pack = await realPack();
    expect(readLooseAnswer(pack, text, accepted)?.answer).toBe(want);
  });

  it("in a conversation: /forget then 'wait no dont' keeps the data; a task step takes 'did it already'", async () => {
    const pack = await realPack();
    const a = chat(pack);
    await a.command("forget");
    expect((await a.text("wait no dont")).outcome).toMatchObject({ kind: "pending", pending: "forget", value: "no" });
    const b = chat(pack);
    await b.start("task-secure-account");
    expect((await b.text("did it already")).outcome).toMatchObject({ kind: "pending", pending: "task-step", value: "done" });
    expect((await b.text("next, skip")).outcome).toMatchObject({ kind: "pending", pending: "task-step", value: "skip" });
  });

  it("a reply to 'was this helpful?' in the formal register or with padding inside an answer phrase is its answer", async () => {
    const pack = await realPack();
    for (const [question, reply, value] of [
      ["카드를 새로 발급받아야 하나요?", "네 정말 도움 됐습니다", "yes"],
      ["카드를 새로 발급받아야 하나요?", "아니요 도움이 안 됐습니다", "no"],
      ["should I get a new card?", "nah, that didn't really help", "no"],
    ] as const) {
      const c = chat(pack);
      await c.text(question);
      expect((await c.text(reply)).outcome).toMatchObject({ kind: "pending", pending: "feedback", value });
    }
  });

  it("after 'is it one of these?', a typed no is the 'none of these' button", async () => {
    const pack = await realPack();
    for (const reply of ["none of these", "아니요"]) {
      const c = chat(pack);
      expect((await c.text("쿠팡 계정 이제 어떻게 되는 거예요?")).outcome).toMatchObject({ kind: "fallback", reason: "asked-which" });
      expect((await c.text(reply)).outcome).toMatchObject({ kind: "pending", pending: "pick-list", answer: "no" });
    }
  });

  it("with nothing waiting, a loose answer is not read as one", async () => {
    const c = chat(await realPack());
    expect((await c.text("did it already")).outcome).not.toMatchObject({ kind: "pending" });
  });
});
