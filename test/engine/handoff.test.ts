import { describe, expect, it } from "vitest";
import { createEngine, createLogger, createMemoryStore, createSupportDesk, SupportUnreachableError, type AnalyticsEvent, type InboundEvent, type SupportTransport, type UserRef } from "../../src/index.js";
import { choices, fixedClock, texts } from "../helpers/engine.js";
import { miniPack } from "../helpers/packs.js";
import { TEST_CARD } from "../helpers/card.js";

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
  /** The ticket of a user's handoff in progress. */
  const ticketOf = async (user: UserRef = tg) => (await engine.handoff.active(user))?.ticket ?? "";
  return {
    engine,
    ticketOf,
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
    const r = await h.engine.handle({ kind: "start", payload: "human", user: tg });
    expect(r.actions).toEqual([expect.objectContaining({ kind: "open-ticket", reason: "requested" })]);
    expect(await h.types()).toContain("handoff_requested");
  });

  it("asks for a person where a team is available: a tagged notice for the user, an open-ticket action apart", async () => {
    const s = await setup();
    const r = await s.engine.handle({ kind: "text", text: "was my card leaked", user: tg });
    expect(r.actions).toEqual([]);
    const asked = await s.engine.handle({ kind: "command", command: "human", user: tg });
    expect(asked.replies).toEqual([{ kind: "text", text: expect.stringContaining("I've asked a person from the support team to join"), handoffNotice: "requested" }]);
    const ticket = await s.ticketOf();
    expect(ticket).toMatch(/^t[a-z0-9]{7}$/);
    expect(asked.actions).toEqual([{ kind: "open-ticket", ticket, reason: "requested", transcript: [] }]);
    expect(await s.engine.handoff.active(tg)).toEqual({ status: "requested", since: expect.any(String), ticket });
    // The route back is a sealed setting owned by the user: no raw id in it.
    const sealed = await s.store.getSetting!(`ticket:${ticket}`);
    expect(sealed).toMatch(/^v1\./);
    expect(sealed).not.toContain("telegram");
    expect(await s.engine.handoff.byTicket(ticket)).toMatchObject({ ticket, user: { platform: "telegram", userId: "7" }, status: "requested" });
    expect((await s.events()).filter((e) => e.type === "handoff_requested")).toEqual([
      expect.objectContaining({ value: "requested", channel: "telegram", locale: "en" }),
    ]);
  });

  it("stays quiet during the handoff: free text only comes back as a redacted relay action, records nothing", async () => {
    const s = await setup();
    await s.human();
    const ticket = await s.ticketOf();
    const before = (await s.events()).length;
    const relay = (text: string) => s.engine.handle({ kind: "text", text, user: tg });
    for (let i = 0; i < 4; i++) {
      const r = await relay("the refund text says I must call them");
      expect(r.replies).toEqual([]);
      expect(r.actions).toEqual([{ kind: "relay", ticket, transcript: ["the refund text says I must call them"] }]);
    }
    expect((await relay("was my card leaked")).actions).toEqual([{ kind: "relay", ticket, transcript: ["was my card leaked"] }]);
    const withCard = await relay("my card is 4111 1111 1111 1111, is it safe?");
    expect(withCard.actions).toEqual([{ kind: "relay", ticket, transcript: ["my card is [💳], is it safe?"] }]);
    expect(texts(withCard.replies)).toContain("Please don't share card numbers");
    expect(JSON.stringify(withCard)).not.toMatch(TEST_CARD);
    expect((await s.events()).length).toBe(before);
  });

  it("lets a person take and close the handoff by ticket, with result codes, events and localized notices", async () => {
    const s = await setup();
    await s.text("카드번호 유출");
    await s.human();
    const ticket = await s.ticketOf();
    const taken = await s.engine.handoff.take(ticket);
    expect(taken).toEqual({ code: "taken", user: { platform: "telegram", userId: "7" }, locale: "ko", replies: [{ kind: "text", text: "상담원이 대화에 참여했어요." }], actions: [] });
    expect(await s.engine.handoff.active(tg)).toMatchObject({ status: "active", ticket });
    expect((await s.engine.handoff.take(ticket)).code).toBe("already-taken");
    const again = await s.engine.handle({ kind: "command", command: "human", user: tg });
    expect(texts(again.replies)).toBe("상담원이 대화에 참여했어요.");
    expect(again.actions).toEqual([{ kind: "relay", ticket, transcript: [] }]);
    expect((await s.engine.handle({ kind: "text", text: "반품 어떻게 해요", user: tg })).actions).toEqual([{ kind: "relay", ticket, transcript: ["반품 어떻게 해요"] }]);

    const closed = await s.engine.handoff.close(ticket);
    expect(closed.code).toBe("closed");
    expect(closed.locale).toBe("ko");
    expect(texts(closed.replies)).toContain("상담원과의 대화가 끝나서 다시 제가 답해 드려요.");
    expect(choices(closed.replies).map((c) => c.id)).toEqual(["m:leaked", "m:faq", "m:tasks", "m:lang", "m:human"]);
    expect(await s.engine.handoff.active(tg)).toBeUndefined();
    expect((await s.engine.handoff.close(ticket)).code).toBe("unknown");
    expect(await s.store.getSetting!(`ticket:${ticket}`)).toBeUndefined();

    const back = await s.text("비밀번호 변경");
    expect(texts(back)).toContain("설정에서 바꾸세요.");
    const support = (await s.events()).filter((e) => e.type === "handoff_taken" || e.type === "handoff_closed");
    expect(support).toEqual([
      expect.objectContaining({ type: "handoff_taken", channel: "telegram", locale: "ko", key: s.engine.keyOf(tg) }),
      expect.objectContaining({ type: "handoff_closed", value: "support", channel: "telegram", locale: "ko" }),
    ]);
    expect((await s.types()).filter((t) => t === "handoff_requested")).toHaveLength(1);
  });

  it("does nothing for unknown tickets and users without a handoff, and never creates one", async () => {
    const s = await setup();
    expect(await s.engine.handoff.take("t2345678")).toEqual({ code: "unknown", locale: "en", replies: [], actions: [] });
    expect((await s.engine.handoff.close("t2345678")).code).toBe("unknown");
    expect((await s.engine.handoff.unavailable({ platform: "telegram", userId: "nobody" })).code).toBe("not-open");
    expect(await s.store.size()).toBe(0);
    await s.text("was my card leaked");
    expect((await s.engine.handoff.unavailable(tg)).code).toBe("not-open");
    expect(await s.types()).not.toContain("handoff_taken");
  });

  it("gives the official contact where no team is available, and keeps answering", async () => {
    const s = await setup();
    const r = await s.engine.handle({ kind: "command", command: "human", user: web });
    expect(texts(r.replies)).toContain("1234-5678");
    expect(r.actions).toEqual([]);
    expect(await s.engine.handoff.active(web)).toBeUndefined();
    expect(texts(await s.text("was my card leaked", web))).toContain("card numbers were reported as not exposed");
  });

  it("hands off after repeated unanswered questions, with the last one as transcript", async () => {
    const s = await setup();
    await s.text("weather tomorrow please");
    await s.text("a movie recommendation for tonight");
    const third = await s.engine.handle({ kind: "text", text: "how do I return an item", user: tg });
    expect(third.actions).toEqual([{ kind: "open-ticket", ticket: await s.ticketOf(), reason: "fallbacks", transcript: ["how do I return an item"] }]);
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
    expect((await s.engine.handle({ kind: "command", command: "human", user: tg })).actions).toEqual([expect.objectContaining({ kind: "open-ticket", reason: "requested" })]);
  });

  it("takes a new request right after an expired one, without a text in between", async () => {
    const s = await setup({ expiryMs: 60 * 60_000 });
    await s.human();
    const old = await s.ticketOf();
    s.clock.advance(61 * 60_000);
    const r = await s.engine.handle({ kind: "command", command: "human", user: tg });
    expect(texts(r.replies)).toContain("The conversation with the support team has ended");
    expect(r.actions).toEqual([expect.objectContaining({ kind: "open-ticket", reason: "requested" })]);
    expect(await s.types()).toEqual(["conversation_started", "handoff_requested", "conversation_started", "handoff_closed", "handoff_requested"]);
    const fresh = await s.ticketOf();
    expect(fresh).not.toBe(old);
    expect((await s.engine.handoff.take(old)).code).toBe("not-open");
    expect((await s.engine.handoff.take(fresh)).code).toBe("taken");
  });
});

/** A support place in memory: what the desk posted, and a switch that makes it unreachable. */
function memoryTransport() {
  const posted: { ticket: string; what: string; transcript: readonly string[] }[] = [];
  const toUser: { userId: string; texts: string }[] = [];
  let down = false;
  const transport: SupportTransport<{ name: string }> = {
    async openConversation(o) {
      if (down) throw new SupportUnreachableError("the place is gone");
      posted.push({ ticket: o.ticket, what: o.staff.text("supportTicketTitle", { ticket: o.ticket }), transcript: o.transcript });
      return { place: `place-${o.ticket}` };
    },
    async postToStaff(o) {
      if (down) throw Object.assign(new Error("403 Forbidden"), { status: 403 });
      posted.push({ ticket: o.ticket, what: "relay", transcript: o.transcript });
    },
    async postToUser(user, result) {
      toUser.push({ userId: user.userId, texts: texts(result.replies) });
    },
    isUnreachable: (err) => (err as { status?: number }).status === 403,
  };
  return { transport, posted, toUser, goDown: () => void (down = true) };
}

describe("support desk (core)", () => {
  const logger = createLogger("silent");

  it("opens a ticket over the transport, relays, answers and closes by ticket", async () => {
    const s = await setup();
    const place = memoryTransport();
    const desk = createSupportDesk({ engine: s.engine, transport: place.transport, logger });
    const asked = await desk.carryOut(tg, await s.engine.handle({ kind: "command", command: "human", user: tg }), { name: "Minji" });
    const ticket = await s.ticketOf();
    expect(asked.opened).toEqual({ ticket, place: `place-${ticket}` });
    expect(place.posted).toEqual([{ ticket, what: `Support ticket #${ticket}`, transcript: [] }]);
    expect(await desk.ticketIn("telegram", `place-${ticket}`)).toBe(ticket);
    const relayed = await desk.carryOut(tg, await s.engine.handle({ kind: "text", text: "are you there?", user: tg }), { name: "Minji" });
    expect(relayed.relayed).toEqual({ ticket, place: `place-${ticket}`, again: false });
    expect(place.posted.at(-1)).toEqual({ ticket, what: "relay", transcript: ["are you there?"] });

    const answered = await desk.answer(ticket, "Hello, **I** am here", "Jisoo");
    expect(answered).toMatchObject({ code: "answered", taken: true, notice: `✅ #${ticket} taken by Jisoo: your replies now reach the user.` });
    expect(place.toUser.at(-1)?.texts).toContain("Support team:");
    expect(place.toUser.at(-1)?.texts).toContain("Hello, ∗∗I∗∗ am here");
    expect((await desk.answer(ticket, "more", undefined)).taken).toBe(false);
    expect(await desk.close(ticket)).toMatchObject({ code: "closed", place: `place-${ticket}` });
    expect(await desk.ticketIn("telegram", `place-${ticket}`)).toBeUndefined();
    expect((await desk.answer(ticket, "late", "Jisoo")).code).toBe("unknown");
  });

  it("without a transport, a request gets the official contact at once and the next message is answered", async () => {
    const s = await setup();
    const desk = createSupportDesk({ engine: s.engine, logger });
    const r = await desk.carryOut(tg, await s.engine.handle({ kind: "command", command: "human", user: tg }), undefined);
    expect(r.unavailable).toBe(true);
    expect(texts(r.result.replies)).toContain("1234-5678");
    expect(texts(r.result.replies)).not.toContain("I've asked a person");
    expect(await s.engine.handoff.active(tg)).toBeUndefined();
    expect(texts(await s.text("was my card leaked"))).toContain("card numbers were reported as not exposed");
  });

  it("an unreachable support place ends the handoff with the official contact, when opening and when relaying", async () => {
    const s = await setup();
    const place = memoryTransport();
    const desk = createSupportDesk({ engine: s.engine, transport: place.transport, logger });
    await desk.carryOut(tg, await s.engine.handle({ kind: "command", command: "human", user: tg }), { name: "A" });
    place.goDown();
    const relayed = await desk.carryOut(tg, await s.engine.handle({ kind: "text", text: "hello?", user: tg }), { name: "A" });
    expect(relayed.unavailable).toBe(true);
    expect(texts(relayed.result.replies)).toContain("1234-5678");
    expect(await s.engine.handoff.active(tg)).toBeUndefined();
    const opened = await desk.carryOut(tg, await s.engine.handle({ kind: "command", command: "human", user: tg }), { name: "A" });
    expect(texts(opened.result.replies)).toContain("the place is gone");
    expect(texts(opened.result.replies)).toContain("1234-5678");
    expect((await s.events()).filter((e) => e.type === "handoff_closed").map((e) => e.value)).toEqual(["unavailable", "unavailable"]);
  });
});
