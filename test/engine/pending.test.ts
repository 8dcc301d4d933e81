import { describe, expect, it } from "vitest";
import { createEngine, createMemoryStore, type AnalyticsEvent, type ContentPack, type InboundEvent, type UserRef } from "../../src/index.js";
import type { Classification, Matcher } from "../../src/matcher/matcher.js";
import { matcherFromPack } from "../../src/matcher/from-pack.js";
import { fixedClock, texts, type EventBody } from "../helpers/engine.js";
import { realPack } from "../helpers/packs.js";

const user: UserRef = { platform: "telegram", userId: "42", chat: "private" };

const trained = new WeakMap<ContentPack, Matcher>();

/** An engine on a memory store and a fixed clock; every call returns the whole result (replies and outcome). */
function chat(pack: ContentPack, matcher?: Matcher) {
  const store = createMemoryStore();
  const clock = fixedClock();
  let m = matcher ?? trained.get(pack);
  if (!m) trained.set(pack, (m = matcherFromPack(pack)));
  const engine = createEngine({ pack, store, secret: "pending-test-secret-pending-test", clock: clock.now, matcher: m });
  const send = (e: EventBody) => engine.handle({ ...e, user } as InboundEvent);
  return {
    store,
    clock,
    text: (text: string) => send({ kind: "text", text }),
    command: (command: string) => send({ kind: "command", command } as EventBody),
    start: (payload: string) => send({ kind: "start", payload }),
    choose: (choiceId: string) => send({ kind: "choice", choiceId }),
    state: () => store.get(engine.keyOf(user)),
    events: async () => {
      const out: AnalyticsEvent[] = [];
      for await (const e of store.events()) out.push(e);
      return out;
    },
  };
}

/** A matcher that is never sure: every question gets "did you mean" with the same two topics. */
const unsure = (a: string, b: string): Matcher => ({
  classify: (): Classification => ({ topic: a, score: 0.5, alternatives: [{ topic: b, score: 0.48 }], ambiguous: true }),
});

describe("answers to the pending prompt", () => {
  it("feedback: yes and its variants press 👍, no and its variants press 👎", async () => {
    const pack = await realPack();
    for (const [word, value] of [["yes", "yes"], ["네", "yes"], ["ㅇㅇ", "yes"], ["yep", "yes"], ["no", "no"], ["아니요", "no"], ["ㄴㄴ", "no"], ["nope", "no"]] as const) {
      const c = chat(pack);
      const answered = await c.text("카드번호도 유출됐나요?");
      expect(answered.outcome).toMatchObject({ kind: "topic", topic: "payment-data-exposed" });
      const r = await c.text(word);
      expect(r.outcome).toEqual({ kind: "pending", pending: "feedback", value, answer: value });
      expect((await c.events()).filter((e) => e.type === "feedback").map((e) => e.value)).toEqual([value === "yes" ? "up" : "down"]);
      expect(texts(r.replies)).toContain(value === "yes" ? pack.ui.feedbackThanks[r.locale] : pack.ui.feedbackSorry[r.locale]);
    }
  });

  it("/forget: yes deletes, no keeps; a typed number picks the listed option", async () => {
    const pack = await realPack();
    const a = chat(pack);
    await a.command("forget");
    expect((await a.text("yes")).outcome).toEqual({ kind: "pending", pending: "forget", value: "yes", answer: "yes" });
    expect(await a.state()).toBeUndefined();
    const b = chat(pack);
    await b.command("forget");
    expect((await b.text("아니요")).outcome).toMatchObject({ pending: "forget", value: "no" });
    expect(await b.state()).toBeDefined();
    const c = chat(pack);
    await c.command("forget");
    expect((await c.text("1")).outcome).toEqual({ kind: "pending", pending: "forget", value: "yes", answer: 1 });
    expect(await c.state()).toBeUndefined();
  });

  it("did you mean: yes takes the first option, a number the listed one", async () => {
    const pack = await realPack();
    const c = chat(pack, unsure("card-reissue", "card-alerts"));
    expect((await c.text("card?")).outcome).toMatchObject({ kind: "topic", topic: "card-reissue", via: "did-you-mean" });
    const yes = await c.text("yes");
    expect(yes.outcome).toEqual({ kind: "pending", pending: "did-you-mean", value: "1", answer: "yes" });
    expect(texts(yes.replies)).toContain((pack.faqById.get("card-reissue")?.answer[yes.locale] ?? "?").slice(0, 20));
    await c.text("card?");
    const two = await c.text("2");
    expect(two.outcome).toEqual({ kind: "pending", pending: "did-you-mean", value: "2", answer: 2 });
    expect((await c.state())?.lastTopic).toBe("card-alerts");
  });

  it("several questions: the first is answered, yes takes the offered second", async () => {
    const pack = await realPack();
    const c = chat(pack);
    const first = await c.text("was my card leaked and should I change my password?");
    expect(first.outcome).toMatchObject({ kind: "topic", topic: "payment-data-exposed", via: "several" });
    expect(first.replies.at(-1)).toMatchObject({ kind: "choices", prompt: pack.conversation?.strings.alsoAsked.en, choices: [{ id: "f:change-password" }] });
    const yes = await c.text("yes please");
    expect(yes.outcome).toMatchObject({ kind: "pending", pending: "pick-list", answer: "yes" });
    expect((await c.state())?.lastTopic).toBe("change-password");
  });

  it("task step: done / skip and yes / no press the step's buttons", async () => {
    const pack = await realPack();
    const task = pack.taskById.get("secure-account");
    if (!task) throw new Error("the default pack has the secure-account task");
    const c = chat(pack);
    await c.start("task-secure-account");
    expect((await c.text("done")).outcome).toMatchObject({ kind: "pending", pending: "task-step", value: "done" });
    expect((await c.text("건너뛸게요")).outcome).toMatchObject({ pending: "task-step", value: "skip" });
    expect((await c.text("네")).outcome).toMatchObject({ pending: "task-step", value: "done", answer: "yes" });
    const p = (await c.state())?.tasks["secure-account"];
    expect(p?.done).toEqual([task.steps[0]?.id, task.steps[2]?.id]);
    expect(p?.skipped).toEqual([task.steps[1]?.id]);
  });

  it("a pressed button that answers the prompt has the same outcome", async () => {
    const c = chat(await realPack());
    await c.text("카드번호도 유출됐나요?");
    expect((await c.choose("fb:down:payment-data-exposed")).outcome).toMatchObject({ kind: "pending", pending: "feedback", value: "no" });
  });

  it("expires after a few minutes on the turn's clock", async () => {
    const c = chat(await realPack());
    await c.command("forget");
    c.clock.advance(6 * 60_000);
    const r = await c.text("yes");
    expect(r.outcome).toEqual({ kind: "fallback", reason: "answer-without-prompt" });
    expect(await c.state()).toBeDefined();
  });

  it("is dropped when the user asks something else", async () => {
    const c = chat(await realPack());
    await c.command("forget");
    await c.text("are you a bot?");
    expect((await c.text("yes")).outcome).toMatchObject({ kind: "fallback" });
    expect(await c.state()).toBeDefined();
  });
});

describe("what the state keeps", () => {
  it("holds the last topic and the pending prompt, never message text", async () => {
    const pack = await realPack();
    const c = chat(pack);
    const said = ["안녕하세요 저는 김민준입니다", "quokka sandwiches", "너무 무서워요 제 정보 다 털린 거예요?", "그럼 카드는요?", "was my card leaked and should I change my password?"];
    for (const s of said) await c.text(s);
    const state = await c.state();
    expect(state?.lastTopic).toBeDefined();
    expect(state?.pending).toBeDefined();
    const stored = JSON.stringify(state);
    // Words of the messages that no id or key contains.
    for (const word of ["김민준", "quokka", "sandwiches", "무서워요", "털린", "카드는요", "leaked", "should"]) expect(stored).not.toContain(word);
  });
});
