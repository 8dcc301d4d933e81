import { stemmer } from "stemmer";
import { EMPTY_LEXICON, type Lexicon } from "./lexicon.js";
import { cleanText, repairKeyboardLayout, stripPoliteWrapper, stripKoreanEnding, toJamo, WHITESPACE_RUN, type LayoutVocabulary } from "./normalize.js";

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
  return text.normalize("NFKC").toLowerCase().replace(INVISIBLE, "").replace(WHITESPACE_RUN, " ").trim();
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

/**
 * Receives an n-gram feature without its name being built: the `tag` (see {@link gramCode}) of the
 * n-gram that starts at `at` in `s`. {@link gramCodeAt} turns it into the number a vocabulary knows it by.
 */
export type GramSink = (tag: number, s: string, at: number, weight: number) => void;

/** N-gram features: their key prefix, tag and length (in UTF-16 units: Latin letters, Hangul syllables and jamo). */
const GRAMS = { c: [1, 3], k: [2, 2], t: [3, 3], j: [4, 3] } as const satisfies Record<string, readonly [number, 2 | 3]>;
const P48 = 2 ** 48;
const P32 = 2 ** 32;

/** The number of the n-gram of tag `tag` at `at` in `s`: one per distinct n-gram, below 2^51. */
export function gramCodeAt(tag: number, s: string, at: number): number {
  return tag * P48 + s.charCodeAt(at) * P32 + s.charCodeAt(at + 1) * 65536 + (tag === 2 ? 0 : s.charCodeAt(at + 2));
}

/** The number of an n-gram feature key (`c:`, `k:`, `t:`, `j:`), as {@link gramCodeAt} gives it; NaN for any other key. */
export function gramCode(key: string): number {
  const g = GRAMS[key.slice(0, 1) as keyof typeof GRAMS];
  return g && key[1] === ":" && key.length === 2 + g[1] ? gramCodeAt(g[0], key, 2) : Number.NaN;
}

function grams(s: string, prefix: keyof typeof GRAMS, weight: number, add: FeatureSink, gram: GramSink | undefined): void {
  const [tag, n] = GRAMS[prefix];
  for (let i = 0; i + n <= s.length; i++) {
    if (gram) gram(tag, s, i, weight);
    else add(`${prefix}:${s.slice(i, i + n)}`, weight);
  }
}

/** What featurization derives from one English word: its stem, its `w:` key, `^word$` for its trigrams (4+ letters). */
interface WordInfo {
  stem: string;
  key: string;
  bounded: string | undefined;
}

/**
 * Words already seen, so that a long message or a busy bot does not stem and name the same word
 * again (a 2,000-character message has some 300 words). Pure caching: bounded, emptied when full.
 */
const WORDS = new Map<string, WordInfo>();
const WORDS_MAX = 50_000;

function wordInfo(w: string): WordInfo {
  let info = WORDS.get(w);
  if (!info) {
    if (WORDS.size >= WORDS_MAX) WORDS.clear();
    const stem = stemmer(w);
    info = { stem, key: `w:${stem}`, bounded: w.length >= 4 ? `^${w}$` : undefined };
    WORDS.set(w, info);
  }
  return info;
}

/** Features of a prepared text (see {@link prepare}). */
export function featuresOfPrepared(text: string): Features {
  const f: Features = new Map();
  featurize(text, (k, w) => f.set(k, (f.get(k) ?? 0) + w));
  return f;
}

/**
 * Hands every feature occurrence of a prepared text to `add`, in the order {@link featuresOfPrepared}
 * first meets them: a caller that keeps only known features (the matcher at run time) needs no bag.
 * Given `gram`, n-grams go there by position instead, so that no name is built for them.
 */
export function featurize(text: string, add: FeatureSink, gram?: GramSink): void {
  let prev: string | undefined;
  const words = (text.match(LATIN_WORD) ?? []).map((w) => w.replace(/'.*$/, ""));
  // A message made only of stop words ("what can you do") keeps them: they are all it says.
  const keepStop = !words.some((w) => w.length >= 2 && !STOP.has(w)) && !HANGUL.test(text);
  for (const w of words) {
    if (w.length < 2 || (STOP.has(w) && !keepStop)) continue;
    const { stem: s, key, bounded } = wordInfo(w);
    add(key, 1);
    if (prev) add(`b:${prev}_${s}`, 0.5);
    prev = s;
    if (bounded) grams(bounded, "c", 0.25, add, gram);
  }
  const runs = text.match(HANGUL_RUN) ?? [];
  const hangul = runs.join("");
  grams(hangul, "k", 1, add, gram);
  grams(hangul, "t", 0.5, add, gram);
  for (const run of runs) {
    const stem = stripKoreanEnding(run);
    if (stem.length >= 2) add(`s:${stem}`, 0.75);
  }
  grams(toJamo(hangul), "j", 0.15, add, gram);
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
