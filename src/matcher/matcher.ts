import { features, type Features } from "./features.js";
import { DEFAULT_TRAIN, trainSoftmax, type SparseVector, type TrainOptions } from "./model.js";

/** A candidate topic and its confidence in [0, 1]. */
export interface Scored {
  topic: string;
  score: number;
}

/** The matcher's verdict on one message. */
export interface Classification {
  /** The best topic, or null when the message is out of scope. */
  topic: string | null;
  score: number;
  /** Other plausible topics, best first (never includes `topic`). */
  alternatives: Scored[];
  /** True when the top two topics are too close to pick one: ask "did you mean". */
  ambiguous: boolean;
}

/** Training data: phrases per topic; `outOfScope` phrases are anchors for rejection. */
export interface MatcherInput {
  topics: ReadonlyArray<{ id: string; phrases: readonly string[] }>;
  outOfScope: readonly string[];
}

/** Tuning knobs; the defaults are calibrated on the development set (see `afterleak eval`). */
export interface MatcherOptions {
  /** Below this score a message is out of scope. */
  threshold: number;
  /** When the runner-up is within this margin of the best, the result is ambiguous. */
  tieMargin: number;
  /** Out-of-scope wins when its probability exceeds the best topic's plus this margin. */
  oosMargin: number;
  /** Alternatives returned. */
  maxAlternatives: number;
}

export const DEFAULT_MATCHER_OPTIONS: MatcherOptions = {
  threshold: 0.33,
  tieMargin: 0.1,
  oosMargin: 0,
  maxAlternatives: 3,
};

/** A pure, in-memory matcher from free text to topics. */
export interface Matcher {
  classify(text: string): Classification;
}

/**
 * Builds the matcher: TF-IDF features (see `features.ts`) and a softmax model trained on the
 * training phrases, with the out-of-scope anchors as one more class. The confidence is the
 * model's probability of the best topic; below `threshold`, or when "out of scope" wins, the
 * message is out of scope.
 *
 * @example
 * const m = createMatcher({ topics: [{ id: "a", phrases: ["card leaked?"] }], outOfScope: ["weather"] });
 * m.classify("was my card leaked").topic // "a"
 */
export function createMatcher(input: MatcherInput, opts: Partial<MatcherOptions> = {}, train: Partial<TrainOptions> = {}): Matcher {
  const o = { ...DEFAULT_MATCHER_OPTIONS, ...opts };
  const ids = input.topics.map((t) => t.id);
  const oosClass = ids.length;
  const raw: { y: number; f: Features }[] = [];
  input.topics.forEach((t, i) => t.phrases.forEach((p) => raw.push({ y: i, f: features(p) })));
  input.outOfScope.forEach((p) => raw.push({ y: oosClass, f: features(p) }));

  const df = new Map<string, number>();
  for (const d of raw) for (const k of d.f.keys()) df.set(k, (df.get(k) ?? 0) + 1);
  const index = new Map<string, number>();
  const idf: number[] = [];
  for (const [k, n] of df) {
    index.set(k, index.size);
    idf.push(Math.log((raw.length + 1) / (n + 1)) + 1);
  }
  const vectorize = (f: Features): SparseVector => {
    const idx: number[] = [];
    const val: number[] = [];
    let sq = 0;
    for (const [k, tf] of f) {
      const j = index.get(k);
      if (j === undefined) continue;
      const w = (1 + Math.log(tf)) * (idf[j] as number);
      idx.push(j);
      val.push(w);
      sq += w * w;
    }
    const norm = Math.sqrt(sq) || 1;
    return { idx: Int32Array.from(idx), val: Float64Array.from(val, (v) => v / norm) };
  };
  const model = trainSoftmax(
    raw.map((d) => vectorize(d.f)),
    raw.map((d) => d.y),
    ids.length + 1,
    index.size,
    { ...DEFAULT_TRAIN, ...train },
  );

  function classify(text: string): Classification {
    const x = vectorize(features(text));
    if (x.idx.length === 0) return { topic: null, score: 0, alternatives: [], ambiguous: false };
    const p = model.predict(x);
    const ranked: Scored[] = ids.map((topic, i) => ({ topic, score: round(p[i] as number) })).sort((a, b) => b.score - a.score);
    const top = ranked[0];
    const oos = p[oosClass] as number;
    if (!top || top.score < o.threshold || oos > top.score + o.oosMargin) {
      return { topic: null, score: top?.score ?? 0, alternatives: ranked.slice(0, o.maxAlternatives).filter((a) => a.score > 0.01), ambiguous: false };
    }
    const alternatives = ranked.slice(1, 1 + o.maxAlternatives).filter((a) => a.score > 0.01);
    const second = ranked[1];
    const ambiguous = !!second && second.score >= o.threshold / 2 && top.score - second.score < o.tieMargin;
    return { topic: top.topic, score: top.score, alternatives, ambiguous };
  }

  return { classify };
}

const round = (x: number) => Math.round(x * 1000) / 1000;
