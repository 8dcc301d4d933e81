import { normalize } from "../matcher/features.js";
import { memoString } from "../matcher/memo.js";

/**
 * Phrase spotting for the conversation layer (moves, answer words, follow-ups): texts are
 * normalized, punctuation becomes space, and a phrase is found at a word start. A phrase that
 * ends in a Latin letter or digit must also end at a word end ("hi" is not in "this"); one that
 * ends in another script may run on into the word, so a Korean phrase matches with its particles
 * and endings ("무서워" in "무서워요"). Knows no language: the words come from the pack.
 */

/** A character span in a spotted text. */
export interface Span {
  start: number;
  end: number;
}

const NOT_WORD = /[^\p{L}\p{N}\p{M}\p{Extended_Pictographic}]+/gu;
const LATIN_OR_DIGIT_END = /[\p{Script=Latin}\p{N}]$/u;

/** The text a phrase is spotted in: normalized, punctuation and symbols as single spaces (a turn asks several times: memoized). */
export const spotText: (text: string) => string = memoString((text) => normalize(text).replace(/['’]/g, "").replace(NOT_WORD, " ").trim());

/** The first place `phrase` (already spotted) occurs in `text` (already spotted), if any. */
export function findPhrase(text: string, phrase: string): Span | undefined {
  if (!phrase) return undefined;
  const openEnd = !LATIN_OR_DIGIT_END.test(phrase);
  for (let i = text.indexOf(phrase); i >= 0; i = text.indexOf(phrase, i + 1)) {
    const end = i + phrase.length;
    if (i > 0 && text[i - 1] !== " ") continue;
    if (!openEnd && end < text.length && text[end] !== " ") continue;
    return { start: i, end };
  }
  return undefined;
}

/** The longest of `phrases` found in `text`, if any. */
export function findLongest(text: string, phrases: readonly string[]): (Span & { phrase: string }) | undefined {
  let best: (Span & { phrase: string }) | undefined;
  for (const p of phrases) {
    const s = findPhrase(text, p);
    if (s && (!best || p.length > best.phrase.length)) best = { ...s, phrase: p };
  }
  return best;
}

/** The text with the spans blanked out, spaces collapsed. */
export function without(text: string, spans: readonly Span[]): string {
  // Spans are in UTF-16 units: blank those units, then rebuild.
  const units = text.split("");
  for (const s of spans) for (let i = s.start; i < s.end; i++) units[i] = " ";
  return units.join("").replace(/\s+/g, " ").trim();
}

/** Removes every occurrence of the phrases (longest first), repeatedly. */
export function removeAll(text: string, phrases: readonly string[]): string {
  const sorted = [...phrases].sort((a, b) => b.length - a.length);
  let out = text;
  for (const p of sorted) {
    for (let s = findPhrase(out, p); s; s = findPhrase(out, p)) out = without(out, [s]);
  }
  return out;
}

/** Removes the phrases only where they are whole words (for padding words around a phrase). */
export function removeWords(text: string, words: ReadonlySet<string>): string {
  return text
    .split(" ")
    .filter((w) => w && !words.has(w))
    .join(" ");
}

/** Words of a spotted text. */
export const wordsOf = (text: string): string[] => (text ? text.split(" ").filter(Boolean) : []);

/** Every phrase of a per-locale phrase map, spotted, deduplicated. */
export function allPhrases(map: Readonly<Record<string, readonly string[]>> | undefined): string[] {
  if (!map) return [];
  // Pack maps never change once loaded: spot each map's phrases once, not on every turn.
  let hit = spotted.get(map);
  if (!hit) spotted.set(map, (hit = [...new Set(Object.values(map).flatMap((list) => list.map(spotText)).filter(Boolean))]));
  return hit.slice();
}
const spotted = new WeakMap<object, readonly string[]>();
