import { beforeAll, describe, expect, it } from "vitest";
import { findUrls, isAllowedLink } from "../../src/content/links.js";
import type { FaqEntry } from "../../src/content/schema.js";
import { createEngine, createMemoryStore, type ContentPack, type Engine, type Reply, type UserRef } from "../../src/index.js";
import { matcherFromPack } from "../../src/matcher/from-pack.js";
import { realPack } from "../helpers/packs.js";
import { shownStrings, walkPack } from "../helpers/walk-pack.js";

let pack: ContentPack;
beforeAll(async () => {
  pack = await realPack();
});

const SECRET = "outbound-test-secret-outbound-test-secret";
const user: UserRef = { platform: "web", userId: "walker", chat: "private" };

function engineFor(p: ContentPack): Engine {
  let now = Date.parse("2026-11-27T09:00:00.000Z");
  return createEngine({ pack: p, matcher: matcherFromPack(pack), store: createMemoryStore(), secret: SECRET, clock: () => new Date((now += 5_000)), settings: { rateLimitPerMinute: 1e6, handoffAvailable: () => false } });
}

/** Every FAQ answer, every step of every task, the menus and the fallbacks, in every locale. */
const walkEverything = async (p: ContentPack): Promise<Reply[]> => (await walkPack(p)).flatMap((b) => b.replies);
const shown = shownStrings;

describe("links the bot sends", () => {
  it("are all on the pack's allowlist, for every FAQ answer and task step of the real pack", async () => {
    const replies = await walkEverything(pack);
    const links = replies.flatMap((r) => (r.kind === "links" ? r.links : []));
    const faqLinks = pack.faq.flatMap((e) => e.links ?? []).length;
    const stepLinks = pack.tasks.flatMap((t) => t.steps.flatMap((s) => s.links ?? [])).length;
    expect(links.length).toBeGreaterThanOrEqual(faqLinks + stepLinks);
    for (const l of links) expect(isAllowedLink(l.url, pack.meta.links.allow), l.url).toBe(true);
    const urlsInText = replies.flatMap(shown).flatMap(findUrls);
    for (const url of urlsInText) expect(isAllowedLink(/^https?:/.test(url) ? url : `https://${url}`, pack.meta.links.allow), url).toBe(true);
  });

  it("never include a link off the allowlist, even if a pack slipped one past the loader", async () => {
    const entry = pack.faq.find((e) => e.links?.length);
    if (!entry) throw new Error("the real pack has no FAQ entry with links");
    const evil: FaqEntry = {
      ...entry,
      links: [
        { label: { ko: "가짜", en: "fake" }, url: "https://coupang.com.evil.example/refund" },
        { label: { ko: "가짜", en: "fake" }, url: "http://www.coupang.com/" },
        ...(entry.links ?? []),
      ],
    };
    const tampered: ContentPack = { ...pack, faqById: new Map([...pack.faqById, [entry.id, evil]]) };
    const { replies } = await engineFor(tampered).handle({ kind: "choice", choiceId: `f:${entry.id}`, user });
    const urls = replies.flatMap((r) => (r.kind === "links" ? r.links.map((l) => l.url) : []));
    expect(urls).toEqual((entry.links ?? []).map((l) => l.url));
  });
});

describe("the pack never asks for personal data", () => {
  const SENSITIVE = /card number|password|resident|verification code|one-time|otp|\bpin\b|cvc|account number|카드\s?번호|비밀번호|주민|인증\s?번호|계좌\s?번호|보안카드/i;
  const REQUEST_EN = /\b(?:send|tell|give|share|provide)\s+(?:it\s+|them\s+)?(?:to\s+)?(?:me|us|this bot|afterleak)\b|\b(?:enter|type|paste)\s+(?:it|them|your\b[^.]*?)\s+here\b/i;
  const REQUEST_KO = /(?:입력|알려|보내|말씀|적어)\s?(?:해\s?)?주(?:세요|십시오|시겠어요)/;
  const NEGATED = /never|don't|do not|not even|마세요|말고|않|절대/i;

  it("no text of the real pack asks the user to send a card number, password, code or resident number", () => {
    const texts: string[] = [];
    const add = (t: Record<string, string>) => texts.push(...Object.values(t));
    for (const e of pack.faq) [e.answer, e.question, e.label].forEach(add);
    for (const t of pack.tasks) [t.title, t.summary, ...t.steps.map((s) => s.text)].forEach(add);
    Object.values(pack.ui).forEach(add);
    const sentences = texts.flatMap((t) => t.split(/(?<=[.!?])\s+|\n+/));
    const asking = sentences.filter((s) => SENSITIVE.test(s) && (REQUEST_EN.test(s) || REQUEST_KO.test(s)) && !NEGATED.test(s));
    expect(asking).toEqual([]);
    // The detector does catch a request when there is one.
    expect(["카드번호를 알려 주세요.", "Please send me your password."].filter((s) => SENSITIVE.test(s) && (REQUEST_EN.test(s) || REQUEST_KO.test(s)))).toHaveLength(2);
  });

  it("tells users how to recognise the official bot and its links (FAQ official-contact-channels, bot-privacy)", () => {
    const official = pack.faqById.get("official-contact-channels");
    const privacy = pack.faqById.get("bot-privacy");
    expect(official?.answer.en).toMatch(/never asks for your password, card number, resident registration number or verification codes/);
    expect(official?.answer.en).toMatch(/only sends links to official sites/);
    expect(official?.answer.ko).toMatch(/절대 묻지 않/);
    expect(privacy?.answer.en).toMatch(/\/forget/);
    expect(privacy?.answer.en).toMatch(/30 days/);
    expect(privacy?.answer.ko).toMatch(/\/forget/);
    expect(pack.ui.piiWarning.en).toMatch(/this bot will never ask you for them/);
  });
});
