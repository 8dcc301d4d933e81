import { stemmer } from "stemmer";

/**
 * Turns free text into weighted features for retrieval: stemmed English words, character
 * trigrams of longer words (typo tolerance), Hangul character bigrams and trigrams taken with
 * spaces removed (so "비밀번호도 유출" and "비밀번호도유출" look the same), and numbers.
 */

const HANGUL = /[\u1100-\u11ff\u3130-\u318f\uac00-\ud7af]/;
const HANGUL_RUN = /[\uac00-\ud7af\u3130-\u318f]+/g;
const LATIN_WORD = /[a-z][a-z0-9']*/g;
const NUMBER = /\d{2,}/g;
const INVISIBLE = /[\u0000-\u001f\u007f-\u009f\u00ad\u200b-\u200f\u202a-\u202e\u2060-\u2064\ufeff]/g;

const STOP = new Set(
  "a an the is are was were be been am i me my mine we our you your it its of to in on at for by with and or but so if do does did can could would should will just there this that these those what which who whom how why when where any some about from into than then them they their he she his her has have had not no yes hi hello please thanks thank ok okay also too very really".split(
    " ",
  ),
);

/** True if the text contains Hangul. */
export function hasHangul(text: string): boolean {
  return HANGUL.test(text);
}

/** Normalises text: NFKC, lower case, invisible and control characters removed, whitespace collapsed. */
export function normalize(text: string): string {
  return text.normalize("NFKC").toLowerCase().replace(INVISIBLE, "").replace(/\s+/g, " ").trim();
}

/** Weighted bag of features of a text. */
export type Features = Map<string, number>;

const add = (f: Features, k: string, w: number) => f.set(k, (f.get(k) ?? 0) + w);

/** Extracts features from raw text. */
export function features(raw: string): Features {
  const text = normalize(raw);
  const f: Features = new Map();
  for (const word of text.match(LATIN_WORD) ?? []) {
    const w = word.replace(/'.*$/, "");
    if (w.length < 2 || STOP.has(w)) continue;
    add(f, `w:${stemmer(w)}`, 1);
    if (w.length >= 4) {
      const padded = `^${w}$`;
      for (let i = 0; i + 3 <= padded.length; i++) add(f, `c:${padded.slice(i, i + 3)}`, 0.25);
    }
  }
  const hangul = (text.match(HANGUL_RUN) ?? []).join("");
  for (let i = 0; i + 2 <= hangul.length; i++) add(f, `k:${hangul.slice(i, i + 2)}`, 1);
  for (let i = 0; i + 3 <= hangul.length; i++) add(f, `t:${hangul.slice(i, i + 3)}`, 0.5);
  for (const n of text.match(NUMBER) ?? []) add(f, `n:${n}`, 1);
  return f;
}
