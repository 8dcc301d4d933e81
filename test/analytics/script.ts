import { createEngine, type AnalyticsEvent, type ContentPack, type Engine, type InboundEvent, type Reply, type Store, type UserRef } from "../../src/index.js";
import { fixedClock } from "../helpers/engine.js";

/** Users of the scripted traffic: two channels, two locales. */
export const users = {
  tgEn: { platform: "telegram", userId: "101", chat: "private" },
  dcKo: { platform: "discord", userId: "202", chat: "private" },
  dcEn: { platform: "discord", userId: "303", chat: "private" },
  tgKo: { platform: "telegram", userId: "404", chat: "private" },
} satisfies Record<string, UserRef>;

/**
 * An engine where a support team is available on Telegram only, on a fixed clock that moves ten
 * seconds per event.
 */
export function scriptedEngine(pack: ContentPack, store: Store) {
  const clock = fixedClock("2026-11-27T09:00:00.000Z");
  const engine: Engine = createEngine({
    pack,
    store,
    secret: "analytics-secret-analytics-secret-0123",
    clock: clock.now,
    settings: { handoffAvailable: (p) => p === "telegram" },
  });
  const send = async (event: InboundEvent): Promise<Reply[]> => {
    clock.advance(10_000);
    return (await engine.handle(event)).replies;
  };
  const text = (user: UserRef, t: string) => send({ kind: "text", text: t, user });
  const choose = (user: UserRef, choiceId: string) => send({ kind: "choice", choiceId, user });
  return { engine, clock, text, choose, send };
}

/**
 * Plays the scripted traffic on the mini pack. Expected figures (see stats.test.ts):
 * 6 conversations, 3 deflected; 9 messages, 3 fallbacks; 👍 2, 👎 1; handoffs 2 asked, 1 taken,
 * 1 closed; task `secure` started twice, completed once.
 */
export async function playScript(pack: ContentPack, store: Store): Promise<{ engine: Engine; events: AnalyticsEvent[] }> {
  const s = scriptedEngine(pack, store);
  const { tgEn, dcKo, dcEn, tgKo } = users;

  // tgEn, conversation 1 (deflected): an answer, 👍, a task done end to end.
  await s.send({ kind: "start", user: tgEn, localeHint: "en-US" });
  await s.text(tgEn, "was my card leaked");
  await s.choose(tgEn, "fb:up:card-leaked");
  await s.choose(tgEn, "t:secure");
  for (const step of ["password", "devices", "addresses"]) await s.choose(tgEn, `s:done:secure:${step}`);
  // tgEn, conversation 2 (not deflected): unanswered, asks for a person, who takes and closes.
  s.clock.advance(31 * 60_000);
  await s.text(tgEn, "how do I return an item");
  await s.send({ kind: "command", command: "human", user: tgEn });
  await s.text(tgEn, "I need a refund for my order");
  const ticket = (await s.engine.handoff.active(tgEn))?.ticket ?? "";
  await s.engine.handoff.take(ticket);
  await s.engine.handoff.close(ticket);

  // dcKo (not deflected): answer, 👎, a follow-up from the menu, 👍, unanswered, a task started.
  await s.text(dcKo, "카드번호 유출");
  await s.choose(dcKo, "fb:down:card-leaked");
  await s.choose(dcKo, "f:password-change");
  await s.choose(dcKo, "fb:up:password-change");
  await s.text(dcKo, "반품 어떻게 해요");
  await s.choose(dcKo, "t:secure");

  // dcEn (not deflected): "did you mean" (two words, each of another topic), a pick, unanswered, asks for a person (none on Discord).
  await s.text(dcEn, "card text");
  await s.choose(dcEn, "f:smishing");
  await s.text(dcEn, "how can I return my item?");
  await s.send({ kind: "command", command: "human", user: dcEn });

  // tgKo: two conversations, both deflected.
  await s.send({ kind: "start", user: tgKo, localeHint: "ko" });
  await s.text(tgKo, "환불 문자 링크");
  s.clock.advance(31 * 60_000);
  await s.text(tgKo, "비밀번호 변경");
  await s.text(tgKo, "카드번호 유출");

  const events: AnalyticsEvent[] = [];
  for await (const e of store.events()) events.push(e);
  return { engine: s.engine, events };
}
