import fc from "fast-check";
import { beforeAll, describe, expect, it } from "vitest";
import { renderConsole } from "../../adapters/console/render.js";
import { isAllowedLink } from "../../src/content/links.js";
import {
  COMMANDS,
  createEngine,
  createMemoryStore,
  MAX_CHOICE_ID_BYTES,
  type ContentPack,
  type Engine,
  type InboundEvent,
  type Reply,
  type Store,
  type UserRef,
} from "../../src/index.js";
import { realPack } from "../helpers/packs.js";

/**
 * Property-based fuzzing of the engine (memory store, real pack) with hostile Unicode: whatever
 * arrives, it never throws, replies stay bounded, choice ids fit in button data, the console
 * renderer shows no control characters, and no raw personal data or user text comes back or is kept.
 */

const SENTINEL = "qzxjvk";
/** Personal data the generator mixes in; none of it may come back or be stored. */
const PII = ["4111 1111 1111 1111", "5555555555554444", "900101-1234568", "010-9876-5432", "hunter2x", "482913", "kim.fuzz@example.com"];
const PII_TEXT = [`카드 ${PII[0]}`, `card ${PII[1]}`, `주민번호 ${PII[2]}`, `전화 ${PII[3]}`, `my password is ${PII[4]}`, `인증번호${PII[5]}`, `mail ${PII[6]}`];

const MARKUP = ["<b>", "</b>", "**", "*", "__", "`", "```", "<script>alert(1)</script>", "@everyone", "@here", "<@123456>", "<#42>", "[x](https://evil.example)", "&amp;", "\\", "|", "#", ">"];
const INVISIBLE = ["\u200b", "\u200c", "\u200d", "\u2060", "\ufeff", "\u00ad", "\u202e", "\u202d", "\u2066", "\u2069", "\u061c"];
const CONTROL = ["\u0000", "\u0007", "\u0008", "\u001b[31m", "\u001b[2J", "\u007f", "\u0085", "\u009b", "\r", "\n", "\t", "\u2028", "\u2029"];
const ODD = ["\ud800", "\udfff", "👩‍👩‍👧", "🇰🇷", "ﷺ", "ǅ", "Ａ１", "가\u0301", "\u1100\u1161", "İ", "ß"];
const WORDS = ["카드번호 유출됐나요", "비밀번호 바꿔야 하나요", "was my card leaked", "refund text", "/start", "1", "x:yes", "m:main"];

const piece = fc.oneof(
  { weight: 4, arbitrary: fc.string({ unit: "grapheme", maxLength: 12 }) },
  { weight: 3, arbitrary: fc.string({ unit: "binary", maxLength: 12 }) },
  { weight: 2, arbitrary: fc.constantFrom(...MARKUP, ...INVISIBLE, ...CONTROL, ...ODD) },
  { weight: 2, arbitrary: fc.constantFrom(...WORDS) },
  { weight: 1, arbitrary: fc.constantFrom(...PII_TEXT) },
  { weight: 1, arbitrary: fc.constant(SENTINEL) },
);
const huge = fc
  .tuple(fc.constantFrom("a", "가", "😀", "\u200b", "1 ", "<b>", "@everyone "), fc.constantFrom(1999, 2000, 2001, 20_000, 300_000))
  .map(([s, n]) => s.repeat(Math.ceil(n / s.length)).slice(0, n));
const text = fc.oneof({ weight: 12, arbitrary: fc.array(piece, { maxLength: 8 }).map((p) => p.join(" ")) }, { weight: 1, arbitrary: huge });

const user: fc.Arbitrary<UserRef> = fc.record({
  platform: fc.constantFrom("telegram", "discord", "web", "console"),
  userId: fc.constantFrom("1", "2", "3"),
  chat: fc.constantFrom("private" as const, "group" as const),
});
const knownChoice = fc.constantFrom("m:main", "m:leaked", "m:faq", "m:tasks", "m:lang", "m:human", "g:fraud", "f:card-reissue", "x:yes", "x:no", "l:en", "l:ko", "fb:up:card-reissue");

function events(pack: ContentPack): fc.Arbitrary<InboundEvent> {
  const task = fc.constantFrom(...pack.tasks);
  const stepChoice = task.chain((t) =>
    fc.tuple(fc.constantFrom("done", "skip", "back", "pause", "restart"), fc.constantFrom(...t.steps.map((s) => s.id))).map(([a, s]) => `s:${a}:${t.id}:${s}`),
  );
  const base = fc.record({ user, localeHint: fc.option(fc.oneof(fc.constantFrom("ko", "en-US", "ja"), fc.string({ maxLength: 8 })), { nil: undefined }) });
  return fc.oneof(
    { weight: 6, arbitrary: fc.tuple(base, text).map(([b, t]) => ({ ...b, kind: "text" as const, text: t })) },
    { weight: 2, arbitrary: fc.tuple(base, fc.constantFrom(...COMMANDS), fc.option(text, { nil: undefined })).map(([b, c, a]) => ({ ...b, kind: "command" as const, command: c, args: a })) },
    {
      weight: 1,
      arbitrary: fc.tuple(base, fc.option(fc.oneof(fc.constantFrom("tasks", "leaked", ...pack.tasks.map((t) => `task-${t.id}`)), text), { nil: undefined })).map(([b, p]) => ({ ...b, kind: "start" as const, payload: p })),
    },
    {
      weight: 4,
      arbitrary: fc.tuple(base, fc.oneof(knownChoice, stepChoice, task.map((t) => `t:${t.id}`), fc.string({ unit: "binary", maxLength: 80 }))).map(([b, c]) => ({ ...b, kind: "choice" as const, choiceId: c })),
    },
  );
}

const CONTROL_RE = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069]/;
const MAX_REPLIES = 10;
const MAX_TEXT = 4000;

function checkReplies(replies: Reply[], event: InboundEvent, pack: ContentPack): void {
  expect(replies.length).toBeLessThanOrEqual(MAX_REPLIES);
  for (const r of replies) {
    switch (r.kind) {
      case "text":
        expect(r.text.length).toBeLessThanOrEqual(MAX_TEXT);
        break;
      case "choices":
        expect(r.choices.length).toBeGreaterThan(0);
        expect(r.choices.length).toBeLessThanOrEqual(12);
        for (const c of r.choices) {
          expect(Buffer.byteLength(c.id, "utf8")).toBeLessThanOrEqual(MAX_CHOICE_ID_BYTES);
          expect(c.label.length).toBeLessThanOrEqual(120);
        }
        break;
      case "links":
        for (const l of r.links) expect(isAllowedLink(l.url, pack.meta.links.allow)).toBe(true);
        break;
      case "private":
        break;
    }
  }
  const view = renderConsole(replies);
  expect(view.text).not.toMatch(CONTROL_RE);
  // Only the handoff transcript (an action for the support team, redacted) may carry the user's words; replies never.
  const shown = JSON.stringify(replies);
  const said = event.kind === "text" ? event.text : event.kind === "command" ? (event.args ?? "") : event.kind === "start" ? (event.payload ?? "") : "";
  if (said.includes(SENTINEL)) expect(shown).not.toContain(SENTINEL);
  const everything = JSON.stringify(replies);
  for (const v of PII) expect(everything).not.toContain(v);
}

async function keptText(store: Store, engine: Engine): Promise<string> {
  const parts: unknown[] = [];
  for (const platform of ["telegram", "discord", "web", "console"]) {
    for (const userId of ["1", "2", "3"]) parts.push(await store.get(engine.keyOf({ platform, userId })));
  }
  for await (const e of store.events()) parts.push(e);
  return JSON.stringify(parts);
}

describe("engine fuzzing", () => {
  let pack: ContentPack;
  beforeAll(async () => {
    pack = await realPack();
  });

  it("survives arbitrary Unicode, markup and personal data, with bounded, safe replies", async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(events(pack), { minLength: 1, maxLength: 8 }), fc.integer({ min: 0, max: 90_000 }), async (seq, stepMs) => {
        let now = Date.parse("2026-11-27T09:00:00.000Z");
        const store = createMemoryStore();
        const engine = createEngine({ pack, store, secret: "fuzz-secret-fuzz-secret-fuzz-secret", clock: () => new Date((now += stepMs)), settings: { handoffAvailable: (p) => p === "web" } });
        for (const event of seq) {
          const result = await engine.handle(event);
          expect(pack.meta.locales).toContain(result.locale);
          checkReplies(result.replies, event, pack);
        }
        const kept = await keptText(store, engine);
        for (const v of PII) expect(kept).not.toContain(v);
        expect(kept).not.toMatch(CONTROL_RE);
      }),
      { numRuns: Number(process.env.FUZZ_RUNS ?? 250), seed: Number(process.env.FUZZ_SEED ?? 20261127) },
    );
  });
});
