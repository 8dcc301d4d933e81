import { beforeAll, describe, expect, it } from "vitest";
import { createEngine, createMemoryStore, type ContentPack, type Engine, type Reply, type UserRef } from "../../src/index.js";
import { matcherFromPack } from "../../src/matcher/from-pack.js";
import { realPack } from "../helpers/packs.js";

/** The longest message a pack may produce unless it says why (`allowLong:` on the item). */
const MAX_MESSAGE = 1000;
/** What `/leaked` aims at per message (issue 14.3). */
const LEAK_ITEM_TARGET = 600;

let pack: ContentPack;
let matcher: ReturnType<typeof matcherFromPack>;
beforeAll(async () => {
  pack = await realPack();
  matcher = matcherFromPack(pack);
});

const user: UserRef = { platform: "web", userId: "measurer", chat: "private" };

function engineFor(p: ContentPack): Engine {
  let now = Date.parse("2026-12-03T09:00:00.000Z");
  return createEngine({ pack: p, matcher, store: createMemoryStore(), secret: "message-size-secret-message-size-secret", clock: () => new Date((now += 5_000)), settings: { rateLimitPerMinute: 1e6 } });
}

/** One message a user reads: a text, or a prompt with its options (one bubble on every channel). */
const bubbles = (r: Reply): string[] => {
  switch (r.kind) {
    case "text":
      return [r.text];
    case "choices":
      return [[r.prompt ?? "", ...r.choices.map((c) => c.label)].join("\n")];
    case "private":
      return [r.text];
    default:
      return [];
  }
};

/**
 * Walks every screen of a pack in every locale (as test/privacy/outbound.test.ts#walkEverything
 * does: menus, every FAQ answer, every task step, the fallbacks), plus `/leaked` item by item and
 * every "Sources" view; returns each message with where it came from.
 */
async function walk(p: ContentPack): Promise<{ where: string; locale: string; text: string }[]> {
  const out: { where: string; locale: string; text: string }[] = [];
  for (const locale of p.meta.locales) {
    const engine = engineFor(p);
    const send = async (where: string, e: Parameters<Engine["handle"]>[0]) => {
      const { replies } = await engine.handle(e);
      for (const r of replies) for (const text of bubbles(r)) out.push({ where, locale, text });
      return replies;
    };
    const choose = (choiceId: string) => send(choiceId, { kind: "choice", choiceId, user });
    await choose(`l:${locale}`);
    await send("start", { kind: "start", user });
    for (const command of ["help", "leaked", "faq", "tasks", "human", "forget"] as const) await send(`/${command}`, { kind: "command", command, user });
    for (const g of ["incident", "payment", "fraud", "account", "meta"]) await choose(`g:${g}`);
    for (const e of p.faq) {
      await choose(`f:${e.id}`);
      await choose(`src:f:${e.id}`);
    }
    for (const x of p.incident.exposed) {
      await choose(`lk:x:${x.id}`);
      await choose(`src:i:${x.id}`);
    }
    await choose("lk:n:");
    await choose("src:n:");
    await choose("src:s:");
    for (const task of p.tasks) {
      let replies = await choose(`t:${task.id}`);
      for (let i = 0; i < task.steps.length + 1; i++) {
        const next = replies.flatMap((r) => (r.kind === "choices" ? r.choices : [])).find((c) => c.id.startsWith("s:done:"));
        if (!next) break;
        replies = await choose(next.id);
      }
    }
    for (const text of ["qpwoeirut", "zxcvbnm asdf"]) await send("fallback", { kind: "text", text, user });
  }
  return out;
}

/** Texts the pack allows to be long, with the reason it gives. */
function allowedLong(p: ContentPack): Set<string> {
  const texts = new Set<string>();
  for (const e of p.faq) if (e.allowLong) Object.values(e.answer).forEach((t) => texts.add(t.trim()));
  for (const t of p.tasks) for (const s of t.steps) if (s.allowLong) Object.values(s.text).forEach((x) => texts.add(x.trim()));
  return texts;
}

describe("message size of the default pack (issue 14.3)", () => {
  it(`no message exceeds ${MAX_MESSAGE} characters in any locale, unless the pack allows it with a reason`, async () => {
    const messages = await walk(pack);
    expect(messages.length).toBeGreaterThan(pack.faq.length * pack.meta.locales.length * 2);
    const allowed = allowedLong(pack);
    const tooLong = messages
      .filter((m) => [...m.text].length > MAX_MESSAGE && ![...allowed].some((a) => m.text.includes(a)))
      .map((m) => `${m.locale} ${m.where}: ${[...m.text].length} chars: ${m.text.slice(0, 60)}…`);
    expect(tooLong).toEqual([]);
  }, 120_000);

  it(`/leaked is a short summary, then one item per message of at most ~${LEAK_ITEM_TARGET} characters`, async () => {
    const engine = engineFor(pack);
    for (const locale of pack.meta.locales) {
      await engine.handle({ kind: "choice", choiceId: `l:${locale}`, user });
      const { replies } = await engine.handle({ kind: "command", command: "leaked", user });
      const summary = replies.find((r) => r.kind === "text");
      expect(summary?.kind === "text" && [...summary.text].length).toBeLessThanOrEqual(MAX_MESSAGE);
      const items = replies.flatMap((r) => (r.kind === "choices" ? r.choices : [])).filter((c) => c.id.startsWith("lk:"));
      expect(items.length).toBe(pack.incident.exposed.length + (pack.incident.notExposed.length ? 1 : 0));
      for (const x of pack.incident.exposed) {
        const one = await engine.handle({ kind: "choice", choiceId: `lk:x:${x.id}`, user });
        const texts = one.replies.flatMap((r) => (r.kind === "text" ? [r.text] : []));
        expect(texts).toHaveLength(1);
        expect([...(texts[0] ?? "")].length, `${locale} ${x.id}`).toBeLessThanOrEqual(LEAK_ITEM_TARGET);
      }
    }
  }, 60_000);
});
