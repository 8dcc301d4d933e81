import { describe, expect, it } from "vitest";
import { createEngine, createMemoryStore, type AnalyticsEvent, type InboundEvent, type UserRef } from "../../src/index.js";
import { choices, fixedClock, texts } from "../helpers/engine.js";
import { miniPack } from "../helpers/packs.js";

const tg: UserRef = { platform: "telegram", userId: "7", chat: "private" };
const web: UserRef = { platform: "web", userId: "8", chat: "private" };

async function setup(opts: { expiryMs?: number } = {}) {
  const store = createMemoryStore();
  const clock = fixedClock();
  const engine = createEngine({
    pack: await miniPack(),
    store,
    secret: "handoff-secret-handoff-secret-handoff",
    clock: clock.now,
    settings: { handoffAvailable: (p) => p === "telegram", ...(opts.expiryMs ? { handoffExpiryMs: opts.expiryMs } : {}) },
  });
  const send = async (e: Omit<InboundEvent, "user">, user = tg) => {
    clock.advance(5_000);
    return (await engine.handle({ ...e, user } as InboundEvent)).replies;
  };
  const events = async () => {
    const out: AnalyticsEvent[] = [];
    for await (const e of store.events()) out.push(e);
    return out;
  };
  const types = async () => (await events()).map((e) => e.type);
  return {
    engine,
    store,
    clock,
    events,
    types,
    text: (text: string, user?: UserRef) => send({ kind: "text", text } as never, user),
    human: (user?: UserRef) => send({ kind: "command", command: "human" } as never, user),
  };
}

describe("human handoff", () => {
  it("asked for in a group, it first moves to a private chat; /start human there opens it", async () => {
    const h = await setup();
    const inGroup = await h.human({ ...tg, chat: "group" });
    expect(inGroup).toEqual([expect.objectContaining({ kind: "private", payload: "human", choiceId: "m:human" })]);
    expect(await h.types()).not.toContain("handoff_requested");
    const r = (await h.engine.handle({ kind: "start", payload: "human", user: tg })).replies;
    expect(r.some((x) => x.kind === "handoff")).toBe(true);
    expect(await h.types()).toContain("handoff_requested");
  });

  it("asks for a person where a team is available: a notice and a handoff reply", async () => {
    const s = await setup();
    const r = await s.text("was my card leaked");
    expect(r.some((x) => x.kind === "handoff")).toBe(false);
    const asked = await s.human();
    expect(asked).toEqual([
      { kind: "text", text: expect.stringContaining("I've asked a person from the support team to join") },
      { kind: "handoff", reason: "requested", transcript: [] },
    ]);
    expect(await s.engine.handoff.active(tg)).toEqual({ status: "requested", since: expect.any(String) });
    expect((await s.events()).filter((e) => e.type === "handoff_requested")).toEqual([
      expect.objectContaining({ value: "requested", channel: "telegram", locale: "en" }),
    ]);
  });

  it("stays quiet during the handoff: free text only comes back as a redacted relay, records nothing", async () => {
    const s = await setup();
    await s.human();
    const before = (await s.events()).length;
    for (let i = 0; i < 4; i++) {
      expect(await s.text("the refund text says I must call them")).toEqual([
        { kind: "handoff", reason: "message", transcript: ["the refund text says I must call them"] },
      ]);
    }
    expect(await s.text("was my card leaked")).toEqual([{ kind: "handoff", reason: "message", transcript: ["was my card leaked"] }]);
    const withCard = await s.text("my card is 4111 1111 1111 1111, is it safe?");
    expect(withCard.at(-1)).toEqual({ kind: "handoff", reason: "message", transcript: ["my card is [💳], is it safe?"] });
    expect(texts(withCard)).toContain("Please don't share card numbers");
    expect(JSON.stringify(withCard)).not.toContain("4111");
    expect((await s.events()).length).toBe(before);
  });

  it("lets a person take and close the handoff, with events and localized notices", async () => {
    const s = await setup();
    await s.text("카드번호 유출");
    await s.human();
    const taken = await s.engine.handoff.take(tg);
    expect(taken).toEqual({ changed: true, locale: "ko", replies: [{ kind: "text", text: "상담원이 대화에 참여했어요." }] });
    expect(await s.engine.handoff.active(tg)).toMatchObject({ status: "active" });
    expect((await s.engine.handoff.take(tg)).changed).toBe(false);
    expect(texts(await s.human())).toBe("상담원이 대화에 참여했어요.");
    expect(await s.text("반품 어떻게 해요")).toEqual([{ kind: "handoff", reason: "message", transcript: ["반품 어떻게 해요"] }]);

    const closed = await s.engine.handoff.close(tg);
    expect(closed.changed).toBe(true);
    expect(closed.locale).toBe("ko");
    expect(texts(closed.replies)).toContain("상담원과의 대화가 끝나서 다시 제가 답해 드려요.");
    expect(choices(closed.replies).map((c) => c.id)).toEqual(["m:leaked", "m:faq", "m:tasks", "m:lang", "m:human"]);
    expect(await s.engine.handoff.active(tg)).toBeUndefined();
    expect((await s.engine.handoff.close(tg)).changed).toBe(false);

    const back = await s.text("비밀번호 변경");
    expect(texts(back)).toContain("설정에서 바꾸세요.");
    const support = (await s.events()).filter((e) => e.type === "handoff_taken" || e.type === "handoff_closed");
    expect(support).toEqual([
      expect.objectContaining({ type: "handoff_taken", channel: "telegram", locale: "ko", key: s.engine.keyOf(tg) }),
      expect.objectContaining({ type: "handoff_closed", value: "support", channel: "telegram", locale: "ko" }),
    ]);
    expect((await s.types()).filter((t) => t === "handoff_requested")).toHaveLength(1);
  });

  it("does nothing for users without a handoff and never creates one", async () => {
    const s = await setup();
    expect(await s.engine.handoff.take({ platform: "telegram", userId: "nobody" })).toEqual({ changed: false, locale: "en", replies: [] });
    expect((await s.engine.handoff.close({ platform: "telegram", userId: "nobody" })).changed).toBe(false);
    expect(await s.store.size()).toBe(0);
    await s.text("was my card leaked");
    expect((await s.engine.handoff.take(tg)).changed).toBe(false);
    expect(await s.types()).not.toContain("handoff_taken");
  });

  it("gives the official contact where no team is available, and keeps answering", async () => {
    const s = await setup();
    const r = await s.human(web);
    expect(texts(r)).toContain("1234-5678");
    expect(r.some((x) => x.kind === "handoff")).toBe(false);
    expect(await s.engine.handoff.active(web)).toBeUndefined();
    expect(texts(await s.text("was my card leaked", web))).toContain("card numbers were reported as not exposed");
  });

  it("hands off after repeated unanswered questions, with the last one as transcript", async () => {
    const s = await setup();
    await s.text("weather tomorrow please");
    await s.text("a movie recommendation for tonight");
    const third = await s.text("how do I return an item");
    expect(third.at(-1)).toEqual({ kind: "handoff", reason: "fallbacks", transcript: ["how do I return an item"] });
    expect(await s.engine.handoff.active(tg)).toMatchObject({ status: "requested" });
    expect((await s.events()).find((e) => e.type === "handoff_requested")?.value).toBe("fallbacks");
  });

  it("ends a handoff nobody closed after the expiry; the bot answers again", async () => {
    const s = await setup({ expiryMs: 60 * 60_000 });
    await s.human();
    s.clock.advance(61 * 60_000);
    expect(await s.engine.handoff.active(tg)).toBeUndefined();
    const r = await s.text("was my card leaked");
    expect(texts(r)).toContain("The conversation with the support team has ended");
    expect(texts(r)).toContain("card numbers were reported as not exposed");
    expect((await s.events()).filter((e) => e.type === "handoff_closed")).toEqual([expect.objectContaining({ value: "expired" })]);
    expect(await s.human()).toContainEqual({ kind: "handoff", reason: "requested", transcript: [] });
  });

  it("takes a new request right after an expired one, without a text in between", async () => {
    const s = await setup({ expiryMs: 60 * 60_000 });
    await s.human();
    s.clock.advance(61 * 60_000);
    const r = await s.human();
    expect(texts(r)).toContain("The conversation with the support team has ended");
    expect(r.at(-1)).toEqual({ kind: "handoff", reason: "requested", transcript: [] });
    expect(await s.types()).toEqual(["conversation_started", "handoff_requested", "conversation_started", "handoff_closed", "handoff_requested"]);
    expect((await s.engine.handoff.take(tg)).changed).toBe(true);
  });
});
