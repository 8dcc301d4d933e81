import { stemmer } from "stemmer";
import { EMPTY_LEXICON, type Lexicon } from "./lexicon.js";
import { cleanText, repairKeyboardLayout, stripPoliteWrapper, stripKoreanEnding, toJamo, type LayoutVocabulary } from "./normalize.js";

/**
 * Turns free text into weighted features for retrieval: stemmed English words and word pairs,
 * character trigrams of longer words (typo tolerance), Hangul character bigrams and trigrams
 * taken with spaces removed (so "비밀번호도 유출" and "비밀번호도유출" look alike), Korean word
 * stems with particles and endings stripped, jamo trigrams (Korean typos), and numbers.
 */

const HANGUL = /[\u1100-\u11ff\u3130-\u318f\uac00-\ud7af]/;
const HANGUL_RUN = /[\uac00-\ud7af\u3130-\u318f]+/g;
const LATIN_WORD = /[a-z][a-z0-9']*/g;
const NUMBER = /\d{2,}/g;
const INVISIBLE = /[\u0000-\u001f\u007f-\u009f\u00ad\u200b-\u200f\u202a-\u202e\u2060-\u2064\ufeff]/g;

/** English words that carry no topic; also never read as Korean typed on an English layout. */
export const STOP = new Set(
  "a an the is are was were be been am i me my mine we our you your it its of to in on at for by with and or but so if do does did can could would should will just there this that these those what which who whom how why when where any some about from into than then them they their he she his her has have had not no yes hi hello please thanks thank ok okay also too very really im ive dont".split(
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

/** What a featurizer knows about the pack: its lexicon and its vocabulary for layout repair. */
export interface FeaturizerOptions {
  lexicon?: Lexicon;
  vocabulary?: LayoutVocabulary;
}

/** The cleaned, layout-repaired and canonicalized text the features are taken from. */
export function prepare(raw: string, opts: FeaturizerOptions = {}): string {
  const repaired = opts.vocabulary ? repairKeyboardLayout(raw, opts.vocabulary) : raw;
  return (opts.lexicon ?? EMPTY_LEXICON).canonicalize(stripPoliteWrapper(cleanText(repaired)));
}

/** Receives each feature of a text with its weight, as often as it occurs (see {@link featurize}). */
export type FeatureSink = (key: string, weight: number) => void;

/** Features of a prepared text (see {@link prepare}). */
export function featuresOfPrepared(text: string): Features {
  const f: Features = new Map();
  featurize(text, (k, w) => f.set(k, (f.get(k) ?? 0) + w));
  return f;
}

/**
 * Hands every feature occurrence of a prepared text to `add`, in the order {@link featuresOfPrepared}
 * first meets them: a caller that keeps only known features (the matcher at run time) needs no bag.
 */
export function featurize(text: string, add: FeatureSink): void {
  let prev: string | undefined;
  const words = (text.match(LATIN_WORD) ?? []).map((w) => w.replace(/'.*$/, ""));
  // A message made only of stop words ("what can you do") keeps them: they are all it says.
  const keepStop = !words.some((w) => w.length >= 2 && !STOP.has(w)) && !HANGUL.test(text);
  for (const w of words) {
    if (w.length < 2 || (STOP.has(w) && !keepStop)) continue;
    const s = stemmer(w);
    add(`w:${s}`, 1);
    if (prev) add(`b:${prev}_${s}`, 0.5);
    prev = s;
    if (w.length >= 4) {
      const padded = `^${w}$`;
      for (let i = 0; i + 3 <= padded.length; i++) add(`c:${padded.slice(i, i + 3)}`, 0.25);
    }
  }
  const runs = text.match(HANGUL_RUN) ?? [];
  const hangul = runs.join("");
  for (let i = 0; i + 2 <= hangul.length; i++) add(`k:${hangul.slice(i, i + 2)}`, 1);
  for (let i = 0; i + 3 <= hangul.length; i++) add(`t:${hangul.slice(i, i + 3)}`, 0.5);
  for (const run of runs) {
    const stem = stripKoreanEnding(run);
    if (stem.length >= 2) add(`s:${stem}`, 0.75);
  }
  const jamo = toJamo(hangul);
  for (let i = 0; i + 3 <= jamo.length; i += 1) add(`j:${jamo.slice(i, i + 3)}`, 0.15);
  for (const n of text.match(NUMBER) ?? []) add(`n:${n}`, 1);
}

/**
 * Extracts features from raw text.
 *
 * @example
 * features("Was my card leaked?").has("w:card") // true
 */
export function features(raw: string, opts: FeaturizerOptions = {}): Features {
  return featuresOfPrepared(prepare(raw, opts));
}
