import type { CheckInput } from "./check.js";
import type { createFindings } from "./findings.js";
import type { Party } from "./schema.js";
import { packTexts, sentences, type PackText } from "./texts.js";

type Report = ReturnType<typeof createFindings>["report"];

/** "never asks": an absolute claim about what someone never asks for. */
const NEVER_ASKS: Record<string, RegExp> = {
  en: /\bnever\s+(?:ever\s+)?(?:asks?|requests?|requires?|calls?\s+to\s+ask)\b|\bwill\s+not\s+ever\s+ask\b/i,
  ko: /절대[^.!?\n]*?(?:묻|물어보|요구하|요청하)지\s?않/,
};
/** The bot speaking of itself: "I will never ask …" is a promise we can keep, not a claim about others. */
const SELF_SUBJECT: Record<string, RegExp> = {
  en: /^[^\p{L}]*(?:(?:and|also|but)\s+)?(?:I|we|this bot|the bot|afterleak)\b/iu,
  ko: /^[^\p{L}]*(?:그리고\s+)?(?:저는|제가|저도|저희는|이 챗봇[은도]|이 봇[은도]|챗봇[은도]|afterleak[은도])/u,
};
/** The sentence dates our own review ("as of our last review", "검토한 … 기준"). */
const REVIEW: Record<string, RegExp> = { en: /\breview(?:ed)?\b/i, ko: /검토/ };
const MONTHS = ["january", "february", "march", "april", "may", "june", "july", "august", "september", "october", "november", "december"];
const MONTH_RE = `(?:${MONTHS.map((m) => `${m.slice(0, 3)}(?:${m.slice(3)})?\\.?`).join("|")})`;
/** "as of June 2026", "as of 30 June 2026", "as of June 30, 2026"; "2026년 6월 기준", "2026년 6월 현재". */
const DATED: Record<string, RegExp> = {
  en: new RegExp(`\\bas of\\s+(?:\\d{1,2}\\s+)?(${MONTH_RE})?\\s*(?:\\d{1,2},?\\s+)?(\\d{4})\\b`, "i"),
  ko: /(\d{4})년(?:\s*(\d{1,2})월)?(?:\s*\d{1,2}일)?\s*(?:현재|기준)/,
};

/** A dated phrase's year and month (month absent when it names only a year). */
export function datedPhrase(locale: string, sentence: string): { phrase: string; year: string; month?: string } | undefined {
  const re = DATED[locale];
  const m = re?.exec(sentence);
  if (!m) return undefined;
  if (locale === "ko") return { phrase: m[0], year: m[1] ?? "", ...(m[2] ? { month: m[2].padStart(2, "0") } : {}) };
  const name = m[1]?.toLowerCase().slice(0, 3);
  const month = name ? MONTHS.findIndex((x) => x.startsWith(name)) + 1 : 0;
  return { phrase: m[0], year: m[2] ?? "", ...(month ? { month: String(month).padStart(2, "0") } : {}) };
}

const esc = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");

/** Does the sentence say who claims it ("Acme says", "according to Acme", "에이크미는 … 밝혔")? */
function attributed(party: Party, locale: string, sentence: string): boolean {
  const name = party.name[locale];
  const extra = party.attribution?.[locale] ?? [];
  const res = [...extra.map((r) => new RegExp(r, "i"))];
  if (name) {
    const n = esc(name);
    res.push(
      locale === "ko"
        ? new RegExp(`${n}[은는이가 측의]*[^.!?]*?(?:밝혔|밝혀|밝힌|주장|설명했|설명해|말했|말해|발표|입장|따르면)`)
        : new RegExp(`\\b${n}\\b[^.!?]*?\\b(?:says?|said|claims?|claimed|states?|stated|told|maintains?|reported|reports)\\b|according to ${n}\\b`, "i"),
    );
  }
  return res.some((r) => r.test(sentence));
}

/**
 * The wording rules of the content guide: no absolute "never asks" claims about third parties, a
 * party's claims always marked as claims, and every "as of …" date backed by a source of that date.
 */
export function lintWording(input: CheckInput, report: Report): void {
  const sourceDates = new Map(input.sources.value.sources.map((s) => [s.id, [s.date, s.checked].filter((d): d is string => !!d)]));
  const reviewed = input.meta.value.reviewed;
  const parties = input.meta.value.parties;
  for (const t of packTexts(input)) {
    for (const s of sentences(t.text)) {
      neverAsks(t, s.text, report);
      for (const party of parties) unmarkedClaim(t, s.text, party, report);
      dated(t, s.text, sourceDates, reviewed, report);
    }
  }
}

function neverAsks(t: PackText, sentence: string, report: Report): void {
  const m = NEVER_ASKS[t.locale]?.exec(sentence);
  if (!m) return;
  // The subject is in the clause before the verb, after any "**Heading:**".
  const clause = sentence.slice(0, m.index).replace(/\*\*/g, "").split(/[:：]\s*/).pop() ?? "";
  if (SELF_SUBJECT[t.locale]?.test(clause)) return;
  report(t.src, t.path, "never-asks", `absolute "never asks" claim about others (${t.locale}): "${clip(sentence)}"; say what to do instead, or who told us`, sentence);
}

function unmarkedClaim(t: PackText, sentence: string, party: Party, report: Report): void {
  const claims = party.claims?.[t.locale] ?? [];
  if (!claims.some((c) => new RegExp(c, "i").test(sentence))) return;
  if (t.item?.claim === party.id || attributed(party, t.locale, sentence)) return;
  report(
    t.src,
    t.path,
    "unmarked-claim",
    `${party.id}'s claim stated as fact (${t.locale}): "${clip(sentence)}"; attribute it or mark the item 'claim: ${party.id}'`,
    sentence,
  );
}

function dated(t: PackText, sentence: string, sourceDates: Map<string, string[]>, reviewed: string, report: Report): void {
  const d = datedPhrase(t.locale, sentence);
  if (!d) return;
  const want = d.month ? `${d.year}-${d.month}` : d.year;
  const dates = [...(t.item?.asOf ? [t.item.asOf] : []), ...(t.item?.sources ?? []).flatMap((id) => sourceDates.get(id) ?? [])];
  // "as of our last review (3 December 2026)" is backed by the pack's review date.
  // Only when the sentence says so: a bare "as of November 2026" needs a source from that month.
  const ofReview = REVIEW[t.locale]?.test(sentence) === true && reviewed.startsWith(want);
  if (ofReview || dates.some((x) => x.startsWith(want))) return;
  const have = dates.length ? `its dates are ${[...new Set(dates)].sort().join(", ")}` : "it cites no dated source";
  report(t.src, t.path, "dated-phrase", `"${d.phrase}" (${t.locale}) matches no date of the item or its sources (${have}); add the source's 'date:' or correct the phrase`, sentence);
}

const clip = (s: string) => (s.length > 90 ? `${s.slice(0, 87)}…` : s);
