import { hasHangul, prepare, STOP, type FeaturizerOptions } from "./features.js";
import { EMPTY_LEXICON, type Lexicon } from "./lexicon.js";
import { DEFAULT_TRAIN, trainSoftmax, type SparseVector, type TrainOptions } from "./model.js";
import { combine, DEFAULT_WEIGHTS, type CombineWeights, type Signals } from "./combine.js";
import { askedClause, focusLongText } from "./normalize.js";
import { createBm25Index, createNeighbourIndex } from "./retrieval.js";
import type { ModelCache } from "./model-cache.js";
import { memoByText } from "./memo.js";
import { buildTrainingSet, featureSpace, rows } from "./training-set.js";
import { questionFocus } from "./question-focus.js";

/** A candidate topic and its confidence in [0, 1]. */
export interface Scored {
  topic: string;
  score: number;
}

/**
 * What the bot should do with a message: answer `topic`, ask "is it one of these?" with the
 * `alternatives`, or treat it as out of scope (`outOfScope` says which kind).
 */
export type MatchOutcome = "answer" | "ask" | "out-of-scope";

/** Kinds of out-of-scope: unrelated to anything, or ordinary customer service of the company. */
export type OutOfScopeKind = "general" | "company-service";

/** The matcher's verdict on one message. */
export interface Classification {
  /** The topic to answer, or null when the bot should ask or the message is out of scope. */
  topic: string | null;
  /** Calibrated confidence of the best topic (of `topic` when answering). */
  score: number;
  /** Other plausible topics, best first (never includes `topic`); the choices when asking. */
  alternatives: Scored[];
  /** True when the top two topics are too close to pick one: ask "did you mean". */
  ambiguous: boolean;
  /** What to do; when absent (a hand-written matcher), "answer" if `topic` is set, else "out-of-scope". */
  outcome?: MatchOutcome;
  /** Set when `outcome` is "out-of-scope". */
  outOfScope?: OutOfScopeKind;
}

/** Training data: phrases per topic; out-of-scope phrases per kind are classes of their own. */
export interface MatcherInput {
  topics: ReadonlyArray<{ id: string; phrases: readonly string[] }>;
  /** Messages unrelated to the incident. */
  outOfScope: readonly string[];
  /** Ordinary customer-service questions about the company (orders, deliveries, returns). */
  companyService?: readonly string[];
  lexicon?: Lexicon;
}

/** Tuning knobs; the defaults are calibrated on held-out data (see `afterleak eval`). */
export interface MatcherOptions {
  /** At or above this calibrated confidence the best topic is answered. */
  threshold: number;
  /** Between this and `threshold`, the bot asks "is it one of these?" with the top topics. */
  askThreshold: number;
  /** When the runner-up is within this margin of the best, the result is ambiguous. */
  tieMargin: number;
  /** Alternatives returned. */
  maxAlternatives: number;
  weights: CombineWeights;
}

export const DEFAULT_MATCHER_OPTIONS: MatcherOptions = {
  threshold: 0.45,
  askThreshold: 0.2,
  tieMargin: 0.15,
  maxAlternatives: 3,
  weights: DEFAULT_WEIGHTS,
};

/** A pure, in-memory matcher from free text to topics. */
export interface Matcher {
  classify(text: string): Classification;
  /** Raw per-class signals of a message (for calibration); classes are `classes()`. */
  signals?(text: string): Signals;
  /** Class ids: the topics, then "oos:general" and "oos:company-service". */
  classes?(): readonly string[];
}

/** Pattern evidence added to a topic whose patterns match the question clause of a longer message. */
const ASKED_BONUS = 0.5;
/** Share of the question part of a long story in the topics' ranking (see `refocus`); tuned on the tuning sets. */
const FOCUS_WEIGHT = 0.3;
/** The question part re-ranks (or, asked in a vent the bot would not answer, decides) only when it names a topic on its own with this confidence. */
const FOCUS_MIN = 0.6;
/** The best topic's probability in `p` (topics, then the two out-of-scope kinds). */
function topicMax(p: Float64Array): number {
  let best = 0;
  for (let i = 0; i < p.length - 2; i++) best = Math.max(best, p[i] as number);
  return best;
}
/** True when the best topic of `p` reaches `min` and beats both out-of-scope kinds. */
function inScope(p: Float64Array, min: number): boolean {
  const best = topicMax(p);
  return best >= min && best > (p[p.length - 2] as number) && best > (p[p.length - 1] as number);
}
/** The paraphrase topic that adds evidence to the general out-of-scope class (see `lexicon.yaml`). */
export const OUT_OF_SCOPE_TOPIC = "out-of-scope";
/** Retrieval looks at this many of a message's features at most (bounds the cost of long messages). */
const RETRIEVAL_TERMS = 128;

/** Buffers {@link top} reuses from one message to the next (its result lives until its next call). */
interface TopScratch {
  keys: Float64Array;
  work: Float64Array;
  idx: Int32Array;
  val: Float64Array;
}

const topScratch = (n: number): TopScratch => ({ keys: new Float64Array(0), work: new Float64Array(0), idx: new Int32Array(n), val: new Float64Array(n) });

/**
 * The `n` entries of a vector whose key is largest (ties: the earlier entries), in the vector's
 * order. The key of entry `i` is `weight[x.idx[i]]` given `weight`, else its value. The result is
 * `x` itself or views of `s`, valid until the next call with the same `s`.
 */
function top(x: SparseVector, n: number, s: TopScratch, weight?: Float64Array): SparseVector {
  const len = x.idx.length;
  if (len <= n) return x;
  if (s.keys.length < len) {
    s.keys = new Float64Array(len * 2);
    s.work = new Float64Array(len * 2);
  }
  if (s.idx.length < n) {
    s.idx = new Int32Array(n);
    s.val = new Float64Array(n);
  }
  const keys = s.keys;
  for (let i = 0; i < len; i++) keys[i] = weight ? (weight[x.idx[i] as number] as number) : (x.val[i] as number);
  const work = s.work.subarray(0, len);
  work.set(keys.subarray(0, len));
  const cut = nthLargest(work, n);
  const { idx, val } = s;
  let m = 0;
  for (let i = 0; i < len && m < n; i++) {
    if ((keys[i] as number) >= cut) {
      idx[m] = x.idx[i] as number;
      val[m++] = x.val[i] as number;
    }
  }
  return { idx: idx.subarray(0, m), val: val.subarray(0, m) };
}

/** The `n`-th largest value of `a` (1-based), by quickselect (Hoare partition, middle pivot); reorders `a`. */
function nthLargest(a: Float64Array, n: number): number {
  const k = a.length - n;
  let lo = 0;
  let hi = a.length - 1;
  while (lo < hi) {
    const pivot = a[(lo + hi) >> 1] as number;
    let i = lo;
    let j = hi;
    while (i <= j) {
      while ((a[i] as number) < pivot) i++;
      while ((a[j] as number) > pivot) j--;
      if (i <= j) {
        const t = a[i] as number;
        a[i++] = a[j] as number;
        a[j--] = t;
      }
    }
    if (k <= j) hi = j;
    else if (k >= i) lo = i;
    else break;
  }
  return a[k] as number;
}

/**
 * Builds the matcher: messages are normalized and canonicalized by the pack's lexicon, then
 * three signals are combined: a softmax model over TF-IDF features (out-of-scope kinds are
 * classes of their own), nearest neighbours over the training phrases and BM25; the lexicon's
 * paraphrase patterns add evidence. The combination is a calibrated softmax (see `combine.ts`).
 *
 * @example
 * const m = createMatcher({ topics: [{ id: "a", phrases: ["card leaked?"] }], outOfScope: ["weather"] });
 * m.classify("was my card leaked").topic // "a"
 */
export function createMatcher(input: MatcherInput, opts: Partial<MatcherOptions> = {}, train: Partial<TrainOptions> = {}, cache?: ModelCache): Matcher {
  const o = { ...DEFAULT_MATCHER_OPTIONS, ...opts };
  const ids = input.topics.map((t) => t.id);
  const classIds = [...ids, "oos:general", "oos:company-service"];
  const K = classIds.length;
  const oosGeneral = ids.length;
  const oosCompany = ids.length + 1;
  const lexicon = input.lexicon ?? EMPTY_LEXICON;
  const docs: { y: number; text: string }[] = [];
  input.topics.forEach((t, i) => t.phrases.forEach((p) => docs.push({ y: i, text: p })));
  input.outOfScope.forEach((p) => docs.push({ y: oosGeneral, text: p }));
  (input.companyService ?? []).forEach((p) => docs.push({ y: oosCompany, text: p }));

  const fopts: FeaturizerOptions = { lexicon, vocabulary: vocabularyOf(docs.map((d) => d.text)) };
  // The vectorized phrases are cached with the model: a start skips normalizing and featurizing them.
  const cachedSet = cache?.loadTraining?.(docs.length);
  const set = cachedSet ?? buildTrainingSet(docs.map((d) => d.text), fopts);
  if (!cachedSet) cache?.saveTraining?.(set);
  const { idf, vectorizeText } = featureSpace(set.keys, set.idf);
  const features = set.keys.length;
  const xs = rows(set.x);
  const termRows = rows(set.terms);
  const ys = docs.map((d) => d.y);
  // A cached model (same training input and matcher version) skips the training, the costly part.
  const cached = cache?.load(K, features);
  const model = cached ?? trainSoftmax(xs, ys, K, features, { ...DEFAULT_TRAIN, ...train });
  if (!cached) cache?.save(model, features);
  const knn = createNeighbourIndex(xs, ys, K, features);
  const bm25 = createBm25Index(termRows, ys, K, features);
  // Paraphrases may also name the out-of-scope class: a topic's words used about something else.
  const topicIndex = new Map([...ids.map((id, i) => [id, i] as const), [OUT_OF_SCOPE_TOPIC, oosGeneral] as const]);
  const strongestScratch = topScratch(RETRIEVAL_TERMS);
  const rarestScratch = topScratch(RETRIEVAL_TERMS);
  const strongest = (x: SparseVector, n: number) => top(x, n, strongestScratch);
  const rarest = (x: SparseVector, n: number) => top(x, n, rarestScratch, idf);

  function signals(text: string): Signals {
    return signalsOfPrepared(prepare(focusLongText(text), fopts));
  }

  function signalsOfPrepared(p: string): Signals {
    const { x, terms } = vectorizeText(p);
    const pattern = new Float64Array(K);
    for (const [topic, n] of lexicon.evidence(p)) {
      const i = topicIndex.get(topic);
      if (i !== undefined) pattern[i] = Math.min(n, 2);
    }
    // In a story or a vent, the topic whose patterns match the question itself weighs more.
    const asked = askedClause(p);
    if (asked) {
      for (const topic of lexicon.evidence(asked).keys()) {
        const i = topicIndex.get(topic);
        if (i !== undefined) pattern[i] = (pattern[i] as number) + ASKED_BONUS;
      }
    }
    if (x.idx.length === 0) return { empty: true, softmax: new Float64Array(K), knn: new Float64Array(K), bm25: new Float64Array(K), pattern };
    return { empty: false, softmax: model.predict(x), knn: knn.score(strongest(x, RETRIEVAL_TERMS)), bm25: bm25.score(rarest(terms, RETRIEVAL_TERMS)), pattern };
  }

  function classify(text: string): Classification {
    const prepared = prepare(focusLongText(text), fopts);
    const s = signalsOfPrepared(prepared);
    if (s.empty && s.pattern.every((v) => v === 0)) return { topic: null, score: 0, alternatives: [], ambiguous: false, outcome: "out-of-scope", outOfScope: "general" };
    let p = combine(s, o.weights, ids.length);
    // The bot would ask "is it one of these?" about an English vent or story whose question alone names one of
    // them confidently: it answers that one (not for Korean, as in `questionFocus`: its endings carry the question).
    const asked = o.threshold > topicMax(p) && inScope(p, 0) ? askedClause(prepared) : null;
    if (asked && !hasHangul(asked)) {
      const q = combine(signalsOfPrepared(asked), o.weights, ids.length);
      const r = inScope(q, FOCUS_MIN) ? answerAsked(p, q, ids.length, o.maxAlternatives) : null;
      if (r) p = r;
    }
    // In a long story, the question part re-ranks the topics; the full message keeps deciding in or out of scope.
    const focus = questionFocus(prepared);
    if (focus) refocus(p, combine(signalsOfPrepared(focus), o.weights, ids.length), ids.length, FOCUS_WEIGHT, FOCUS_MIN);
    const ranked: Scored[] = ids.map((topic, i) => ({ topic, score: round(p[i] as number) })).sort((a, b) => b.score - a.score);
    const top = ranked[0] as Scored;
    const oosG = p[oosGeneral] as number;
    const oosC = p[oosCompany] as number;
    const plausible = ranked.slice(0, o.maxAlternatives).filter((a) => a.score > 0.01);
    if (Math.max(oosG, oosC) > top.score || top.score < o.askThreshold) {
      const kind: OutOfScopeKind = oosC > oosG ? "company-service" : "general";
      return { topic: null, score: top.score, alternatives: plausible, ambiguous: false, outcome: "out-of-scope", outOfScope: kind };
    }
    if (top.score < o.threshold) return { topic: null, score: top.score, alternatives: ranked.slice(0, o.maxAlternatives), ambiguous: false, outcome: "ask" };
    const alternatives = ranked.slice(1, 1 + o.maxAlternatives).filter((a) => a.score > 0.01);
    const second = ranked[1];
    const ambiguous = !!second && second.score >= o.askThreshold && top.score - second.score < o.tieMargin;
    return { topic: top.topic, score: top.score, alternatives, ambiguous, outcome: "answer" };
  }

  return { classify: memoByText(classify), signals, classes: () => classIds };
}

/**
 * Re-weights the topic probabilities of `p` (in place) by those of the question part `q`:
 * `p_i^(1-β) · q_i^β` over the topics, rescaled to the topics' total mass in `p`, so the
 * out-of-scope classes and the in-scope total are those of the whole message. Only when the
 * question part alone names a topic with at least `min` confidence.
 */
function refocus(p: Float64Array, q: Float64Array, topics: number, beta: number, min: number): void {
  let mass = 0;
  let qMass = 0;
  let qTop = 0;
  for (let i = 0; i < topics; i++) {
    mass += p[i] as number;
    qMass += q[i] as number;
    qTop = Math.max(qTop, q[i] as number);
  }
  // A vague question ("what should she do?") says less than the story: keep the story's ranking.
  if (qMass <= 0 || mass <= 0 || qTop < min) return;
  let t = 0;
  const r = new Float64Array(topics);
  for (let i = 0; i < topics; i++) {
    r[i] = Math.pow(p[i] as number, 1 - beta) * Math.pow((q[i] as number) / qMass, beta);
    t += r[i] as number;
  }
  if (t <= 0) return;
  for (let i = 0; i < topics; i++) p[i] = ((r[i] as number) / t) * mass;
}

/**
 * The verdict of a message whose question part `q` names, with `q`'s confidence, a topic the
 * whole message `p` ranks among its first `ranks`: that topic gets `q`'s confidence, the other
 * classes share the rest in the proportions of `p` (the alternatives stay the message's). Null
 * when `q`'s topic is not among them.
 */
function answerAsked(p: Float64Array, q: Float64Array, topics: number, ranks: number): Float64Array | null {
  let t = 0;
  for (let i = 1; i < topics; i++) if ((q[i] as number) > (q[t] as number)) t = i;
  let above = 0;
  for (let i = 0; i < topics; i++) if ((p[i] as number) > (p[t] as number)) above++;
  if (above >= ranks) return null;
  const rest = 1 - (p[t] as number);
  const out = new Float64Array(p.length);
  for (let k = 0; k < p.length; k++) out[k] = rest > 0 ? ((p[k] as number) / rest) * (1 - (q[t] as number)) : 0;
  out[t] = q[t] as number;
  return out;
}

/** English words and Korean syllable bigrams of the training phrases, for keyboard-layout repair. */
function vocabularyOf(texts: readonly string[]) {
  const english = new Set(STOP);
  const bigrams = new Set<string>();
  for (const t of texts) {
    const s = t.normalize("NFKC").toLowerCase();
    for (const w of s.match(/[a-z]+/g) ?? []) english.add(w);
    const h = (s.match(/[\uac00-\ud7a3]+/g) ?? []).join(" ");
    for (let i = 0; i + 2 <= h.length; i++) if (h[i] !== " " && h[i + 1] !== " ") bigrams.add(h.slice(i, i + 2));
  }
  return {
    isEnglish: (w: string) => english.has(w) || english.has(w.replace(/(s|es|ed|ing)$/, "")),
    isKorean: (h: string) => {
      if (h.length === 1) return false;
      for (let i = 0; i + 2 <= h.length; i++) if (bigrams.has(h.slice(i, i + 2))) return true;
      return false;
    },
  };
}

const round = (x: number) => Math.round(x * 1000) / 1000;
