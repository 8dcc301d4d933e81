import { beforeAll, describe, expect, it } from "vitest";
import { createEngine, createMemoryStore, type ContentPack, type EngineAction, type InboundEvent, type Reply, type UserRef } from "../../src/index.js";
import { realPack } from "../helpers/packs.js";

/** An inbound event before the user is filled in. */
type UserlessEvent = InboundEvent extends infer E ? (E extends InboundEvent ? Omit<E, "user"> : never) : never;

const SECRET = "guards-test-secret-guards-test-secret";
let pack: ContentPack;
beforeAll(async () => {
  pack = await realPack();
});

const dm: UserRef = { platform: "telegram", userId: "1", chat: "private" };
const group: UserRef = { platform: "telegram", userId: "1", chat: "group" };

/** An engine on a memory store with a clock the test sets. */
function setup(settings: { rateLimitPerMinute?: number; maxInputChars?: number; repeatLimit?: number } = {}) {
  let now = Date.parse("2026-11-27T09:00:00.000Z");
  const store = createMemoryStore();
  const engine = createEngine({ pack, store, secret: SECRET, clock: () => new Date(now), settings });
  const at = (ms: number) => void (now = Date.parse("2026-11-27T09:00:00.000Z") + ms);
  const send = async (e: UserlessEvent, user: UserRef = dm) => (await engine.handle({ ...e, user } as InboundEvent)).replies;
  const textResult = (text: string, user: UserRef = dm) => engine.handle({ kind: "text", text, user } as InboundEvent);
  return { engine, store, at, send, textResult, text: (text: string, user: UserRef = dm) => send({ kind: "text", text }, user) };
}

const ui = (key: "rateLimited" | "tooLong" | "repeated" | "piiWarning", locale = "ko") => (pack.ui[key][locale] ?? "").split("{")[0] ?? "";
const textsOf = (replies: Reply[]) => replies.flatMap((r) => (r.kind === "text" ? [r.text] : []));
type Outcome = "answered" | "notice" | "silent";
const outcome = (replies: Reply[], notice: string): Outcome =>
  replies.length === 0 ? "silent" : textsOf(replies).some((t) => t.startsWith(notice)) ? "notice" : "answered";

describe("rate limit (20 per minute, one notice)", () => {
  const table: { at: number; expect: Outcome }[] = [
    ...Array.from({ length: 20 }, (_, i) => ({ at: i * 1000, expect: "answered" as const })),
    { at: 20_000, expect: "notice" },
    { at: 21_000, expect: "silent" },
    { at: 59_999, expect: "silent" },
    { at: 60_000, expect: "answered" },
    { at: 61_000, expect: "answered" },
  ];
  it("answers 20 events, then one notice, then silence until the window ends", async () => {
    const { at, send } = setup();
    const seen: Outcome[] = [];
    for (const row of table) {
      at(row.at);
      seen.push(outcome(await send({ kind: "command", command: "help" }), ui("rateLimited")));
    }
    expect(seen).toEqual(table.map((r) => r.expect));
  });

  it("counts every kind of event and each user separately", async () => {
    const { send } = setup({ rateLimitPerMinute: 3 });
    const other: UserRef = { platform: "telegram", userId: "2", chat: "private" };
    await send({ kind: "start" });
    await send({ kind: "choice", choiceId: "m:faq" });
    await send({ kind: "text", text: "카드번호 유출됐나요" });
    expect(outcome(await send({ kind: "command", command: "help" }), ui("rateLimited"))).toBe("notice");
    expect(outcome(await send({ kind: "command", command: "help" }, other), ui("rateLimited"))).toBe("answered");
  });

  it("starts a new window when the clock goes backwards", async () => {
    const { at, send } = setup({ rateLimitPerMinute: 1 });
    at(10_000);
    await send({ kind: "command", command: "help" });
    at(0);
    expect(outcome(await send({ kind: "command", command: "help" }), ui("rateLimited"))).toBe("answered");
  });
});

describe("maximum input length (2,000 code points)", () => {
  const emoji = "😀";
  it.each([
    { name: "2,000 characters", text: "가".repeat(2000), expect: "answered" },
    { name: "2,001 characters", text: "가".repeat(2001), expect: "notice" },
    { name: "2,000 emoji (4,000 UTF-16 units)", text: emoji.repeat(2000), expect: "answered" },
    { name: "2,001 emoji", text: emoji.repeat(2001), expect: "notice" },
    { name: "a megabyte", text: "x".repeat(1_000_000), expect: "notice" },
  ] as const)("$name: $expect", async ({ text, expect: want }) => {
    const { text: say, store } = setup();
    const replies = await say(text);
    // The reply's language follows the message's script on a first turn (Latin letters: English).
    const locale = /\p{Script=Latin}/u.test(text.slice(0, 100)) ? "en" : "ko";
    expect(outcome(replies, ui("tooLong", locale))).toBe(want);
    if (want === "notice") {
      expect(replies).toHaveLength(1);
      expect(textsOf(replies)[0]).toContain("2000");
      const kept = [];
      for await (const e of store.events()) kept.push(e);
      expect(kept.filter((e) => e.text !== undefined)).toEqual([]);
    }
  });
});

describe("repeated messages", () => {
  it.each([
    {
      name: "the third identical text gets one notice and the menu, the fourth silence",
      steps: [
        { at: 0, text: "날씨 어때요" },
        { at: 5_000, text: "날씨 어때요" },
        { at: 10_000, text: "  날씨   어때요 " },
        { at: 15_000, text: "날씨 어때요" },
      ],
      expect: ["answered", "answered", "notice", "silent"],
    },
    {
      name: "a different text in between starts the count again",
      steps: [
        { at: 0, text: "날씨 어때요" },
        { at: 5_000, text: "날씨 어때요" },
        { at: 10_000, text: "주식 추천해줘" },
        { at: 15_000, text: "날씨 어때요" },
      ],
      expect: ["answered", "answered", "answered", "answered"],
    },
    {
      name: "ten quiet minutes make the same text a new question",
      steps: [
        { at: 0, text: "안녕하세요" },
        { at: 86_400_000, text: "안녕하세요" },
        { at: 2 * 86_400_000, text: "안녕하세요" },
        { at: 2 * 86_400_000 + 11 * 60_000, text: "안녕하세요" },
      ],
      expect: ["answered", "answered", "answered", "answered"],
    },
  ] as const)("$name", async ({ steps, expect: want }) => {
    const { at, text } = setup();
    const seen: Outcome[] = [];
    for (const s of steps) {
      at(s.at);
      seen.push(outcome(await text(s.text), ui("repeated")));
    }
    expect(seen).toEqual(want);
  });

  it("a button press in between starts the count again", async () => {
    const { at, text, send } = setup();
    await text("날씨 어때요");
    at(1000);
    await text("날씨 어때요");
    at(2000);
    await send({ kind: "choice", choiceId: "m:main" });
    at(3000);
    expect(outcome(await text("날씨 어때요"), ui("repeated"))).toBe("answered");
  });

  it("the notice comes with the main menu", async () => {
    const { text } = setup();
    await text("hello there friend");
    await text("hello there friend");
    const replies = await text("hello there friend");
    expect(textsOf(replies)).toEqual([pack.ui.repeated.en]);
    expect(replies.find((r) => r.kind === "choices")).toBeDefined();
  });
});

describe("privacy shield", () => {
  const card = "4111 1111 1111 1111";
  it.each([
    { name: "card in a private chat: warning, then the answer", user: dm, text: `카드번호 ${card} 유출됐나요?`, warn: "text", locale: "ko" },
    { name: "card in a group: delete-inbound, no public warning", user: group, text: `카드번호 ${card} 유출됐나요?`, warn: "delete", locale: "ko" },
    { name: "resident number in a group: delete-inbound", user: group, text: "주민번호 900101-1234568 괜찮나요", warn: "delete", locale: "ko" },
    { name: "password in a group: delete-inbound", user: group, text: "my password is hunter2, is it safe?", warn: "delete", locale: "en" },
    { name: "OTP in a group: delete-inbound", user: group, text: "인증번호123456 알려줬어요", warn: "delete", locale: "ko" },
    { name: "phone number in a group: a warning, nothing deleted", user: group, text: "010-1234-5678 에서 문자가 왔어요", warn: "text", locale: "ko" },
    { name: "English message: English warning", user: dm, text: `I typed my card ${card} into a website`, warn: "text", locale: "en" },
    { name: "no personal data: no warning", user: group, text: "주문번호 2025112712345678 배송 언제 와요?", warn: "none", locale: "ko" },
  ] as const)("$name", async ({ user, text, warn, locale }) => {
    const { textResult, store } = setup();
    const { replies, actions } = await textResult(text, user);
    const warning = pack.ui.piiWarning[locale];
    // Deleting the message is an action for the adapter, never a reply.
    const deletes = actions.filter((a) => a.kind === "delete-inbound");
    if (warn === "delete") {
      expect(deletes).toEqual([{ kind: "delete-inbound", reason: "pii", notice: warning }]);
      expect(textsOf(replies)).not.toContain(warning);
    } else {
      expect(deletes).toEqual([]);
      if (warn === "text") expect(textsOf(replies)[0]).toBe(warning);
      else expect(textsOf(replies)).not.toContain(warning);
    }
    expect(replies.length).toBeGreaterThan(warn === "text" ? 1 : 0);
    const stored = JSON.stringify([await store.get(createEngine({ pack, store, secret: SECRET }).keyOf(user)), await all(store.events())]);
    for (const raw of ["4111", "900101", "hunter2", "123456", "1234-5678"]) {
      if (warn !== "none" && text.includes(raw)) {
        expect(JSON.stringify(replies)).not.toContain(raw);
        expect(stored).not.toContain(raw);
      }
    }
  });

  it("deletes a secret posted in a group even when rate-limited or too long", async () => {
    const { send, textResult } = setup({ rateLimitPerMinute: 1 });
    await send({ kind: "command", command: "help" }, group);
    expect(outcome(await send({ kind: "command", command: "help" }, group), ui("rateLimited"))).toBe("notice");
    const limited = await textResult("비번 qwer1234", group);
    expect(limited.replies).toEqual([]);
    expect(limited.actions).toEqual([{ kind: "delete-inbound", reason: "pii", notice: pack.ui.piiWarning.ko }]);
    const { textResult: text2 } = setup();
    const long = await text2(`카드 ${card} ${"가".repeat(2500)}`, group);
    expect(long.actions.map((a) => a.kind)).toEqual(["delete-inbound"]);
    expect(long.replies.map((r) => r.kind)).toEqual(["text"]);
    expect(textsOf(long.replies)[0]).toContain("2000");
  });

  it("stores only redacted text for unanswered questions", async () => {
    const { text, store } = setup();
    await text("qpzm 010-9876-5432 wxcv kim@example.org");
    const events = await all(store.events());
    const fallback = events.find((e) => e.type === "fallback");
    expect(fallback?.text).toBe("qpzm [📞] wxcv [📧]");
  });

  it("puts only redacted text in a handoff transcript", async () => {
    let now = Date.parse("2026-11-27T09:00:00.000Z");
    const engine = createEngine({ pack, store: createMemoryStore(), secret: SECRET, clock: () => new Date((now += 1000)), settings: { handoffAvailable: () => true } });
    const actions: EngineAction[] = [];
    for (const t of ["qpwoeirut 1", "qpwoeirut 2 kim@example.com", "qpwoeirut 3 4111-1111-1111-1111"]) {
      actions.push(...(await engine.handle({ kind: "text", text: t, user: dm })).actions);
    }
    expect(actions).toEqual([{ kind: "open-ticket", ticket: expect.any(String), reason: "fallbacks", transcript: ["qpwoeirut 3 [💳]"] }]);
  });
});

async function all<T>(it: AsyncIterable<T>): Promise<T[]> {
  const out: T[] = [];
  for await (const x of it) out.push(x);
  return out;
}
