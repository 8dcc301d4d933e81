import type { LexiconData } from "../content/lexicon-schema.js";
import { contentPattern } from "../content/pattern.js";

/**
 * A compiled concept lexicon: synonym groups rewrite words to one canonical word before
 * featurization ("swap my card", "get a new card" -> "reissue card"; "털렸" -> "유출"), and
 * paraphrase patterns add evidence for a topic. Content writers fix a miss in YAML, not code.
 */
export interface Lexicon {
  /** Rewrites every synonym in a cleaned (lower-case) text to its group's canonical word. */
  canonicalize(text: string): string;
  /** Topics whose paraphrase patterns match the canonicalized text, with the number of locales' pattern sets that matched. */
  evidence(text: string): Map<string, number>;
}

const LATIN = /[a-z]/;
const HANGUL = /[\uac00-\ud7a3]/;
const escape = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");

/** The lexicon that changes nothing (a pack without `lexicon.yaml`). */
export const EMPTY_LEXICON: Lexicon = { canonicalize: (t) => t, evidence: () => new Map() };

/**
 * Compiles a pack's lexicon. Latin words match whole words with an optional plural or verb
 * ending ("replace" matches "replaced", "replacing"); Korean words match anywhere in a word,
 * since particles and endings attach to them. Longer entries win over shorter ones. A topic's
 * patterns become one expression; if any of them contains Hangul, it is tried only on messages
 * that contain Hangul (write Latin-only alternatives as a separate paraphrase entry).
 *
 * @example
 * const lx = compileLexicon({ synonyms: { en: [{ canonical: "reissue", words: ["get a new"] }] }, paraphrases: [] });
 * lx.canonicalize("should i get a new card") // "should i reissue card"
 */
export function compileLexicon(data: LexiconData): Lexicon {
  const latin = new Map<string, string>();
  const other = new Map<string, string>();
  for (const groups of Object.values(data.synonyms)) {
    for (const g of groups) {
      const canonical = g.canonical.normalize("NFKC").toLowerCase();
      for (const w of g.words) {
        const word = w.normalize("NFKC").toLowerCase().trim().replace(/\s+/g, " ");
        if (!word || word === canonical) continue;
        const target = LATIN.test(word) ? latin : other;
        if (!target.has(word)) target.set(word, canonical);
        // A final silent e drops before -ing ("replace" -> "replacing"), which the endings below cannot add.
        const ing = /[a-z]{3}[^aeiou]e$/.test(word) ? `${word.slice(0, -1)}ing` : "";
        if (ing && target === latin && !latin.has(ing)) latin.set(ing, canonical);
      }
    }
  }
  const alternation = (m: Map<string, string>) =>
    [...m.keys()].sort((a, b) => b.length - a.length).map((w) => escape(w).replace(/ /g, "\\s+")).join("|");
  const latinRe = latin.size ? new RegExp(`(?<![a-z0-9])(${alternation(latin)})(?:s|es|ed|d|ing)?(?![a-z0-9])`, "g") : undefined;
  const otherRe = other.size ? new RegExp(`(${alternation(other)})`, "g") : undefined;
  const squash = (s: string) => s.replace(/\s+/g, " ");

  // One regular expression per topic and locale: a single pass over the message each.
  const patterns = data.paraphrases
    .filter((p) => p.match.length > 0)
    .map((p) => ({ topic: p.topic, hangul: p.match.some((src) => HANGUL.test(src)), re: contentPattern(p.match.map((src) => `(?:${src})`).join("|")) }));

  return {
    canonicalize(text) {
      let t = text;
      if (latinRe) t = t.replace(latinRe, (_m, w: string) => latin.get(squash(w)) ?? w);
      if (otherRe) t = t.replace(otherRe, (w: string) => other.get(w) ?? w);
      return t;
    },
    evidence(text) {
      const out = new Map<string, number>();
      // A pattern set that needs Hangul cannot match a message without any.
      const hasHangul = HANGUL.test(text);
      for (const p of patterns) if ((hasHangul || !p.hangul) && p.re.test(text)) out.set(p.topic, (out.get(p.topic) ?? 0) + 1);
      return out;
    },
  };
}
