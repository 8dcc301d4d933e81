import { features, type Features } from "./features.js";

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
  /** Out-of-scope anchors must beat the best topic by this much to reject it. */
  oosMargin: number;
  /** Alternatives returned. */
  maxAlternatives: number;
}

export const DEFAULT_MATCHER_OPTIONS: MatcherOptions = {
  threshold: 0.3,
  tieMargin: 0.025,
  oosMargin: 0,
  maxAlternatives: 3,
};

const OOS = "\u0000oos";

interface Doc {
  topic: string;
  norm: number;
}

/** A pure, in-memory matcher from free text to topics. */
export interface Matcher {
  classify(text: string): Classification;
}

/**
 * Builds a TF-IDF nearest-phrase matcher. Scores are cosine similarities to the closest training
 * phrase, blended with the topic's second-closest phrase so one lucky phrase can't dominate.
 *
 * @example
 * const m = createMatcher({ topics: [{ id: "a", phrases: ["card leaked?"] }], outOfScope: ["weather"] });
 * m.classify("was my card leaked").topic // "a"
 */
export function createMatcher(input: MatcherInput, opts: Partial<MatcherOptions> = {}): Matcher {
  const o = { ...DEFAULT_MATCHER_OPTIONS, ...opts };
  const raw: { topic: string; f: Features }[] = [];
  for (const t of input.topics) for (const p of t.phrases) raw.push({ topic: t.id, f: features(p) });
  for (const p of input.outOfScope) raw.push({ topic: OOS, f: features(p) });

  const df = new Map<string, number>();
  for (const d of raw) for (const k of d.f.keys()) df.set(k, (df.get(k) ?? 0) + 1);
  const n = raw.length;
  const idf = (k: string) => Math.log((n + 1) / ((df.get(k) ?? 0) + 1)) + 1;
  const unknownIdf = Math.log(n + 1) + 1;

  const postings = new Map<string, { doc: number; w: number }[]>();
  const docs: Doc[] = raw.map((d, i) => {
    let sq = 0;
    for (const [k, tf] of d.f) {
      const w = (1 + Math.log(tf)) * idf(k);
      sq += w * w;
      let list = postings.get(k);
      if (!list) postings.set(k, (list = []));
      list.push({ doc: i, w });
    }
    return { topic: d.topic, norm: Math.sqrt(sq) || 1 };
  });

  function classify(text: string): Classification {
    const f = features(text);
    const dots = new Float64Array(docs.length);
    let qsq = 0;
    for (const [k, tf] of f) {
      const list = postings.get(k);
      const w = (1 + Math.log(tf)) * (list ? idf(k) : unknownIdf);
      qsq += w * w;
      if (list) for (const p of list) dots[p.doc] = (dots[p.doc] ?? 0) + w * p.w;
    }
    const qn = Math.sqrt(qsq);
    if (qn === 0) return { topic: null, score: 0, alternatives: [], ambiguous: false };
    const best = new Map<string, [number, number]>();
    for (let i = 0; i < docs.length; i++) {
      const dot = dots[i] ?? 0;
      if (dot === 0) continue;
      const d = docs[i] as Doc;
      const s = dot / (qn * d.norm);
      const cur = best.get(d.topic) ?? [0, 0];
      if (s > cur[0]) best.set(d.topic, [s, cur[0]]);
      else if (s > cur[1]) best.set(d.topic, [cur[0], s]);
    }
    const ranked: Scored[] = [];
    let oos = 0;
    for (const [topic, [a, b]] of best) {
      const score = 0.8 * a + 0.2 * b;
      if (topic === OOS) oos = score;
      else ranked.push({ topic, score: round(score) });
    }
    ranked.sort((x, y) => y.score - x.score);
    const top = ranked[0];
    const alternatives = ranked.slice(top ? 1 : 0, 1 + o.maxAlternatives);
    if (!top || top.score < o.threshold || oos > top.score + o.oosMargin) {
      return { topic: null, score: top?.score ?? 0, alternatives: ranked.slice(0, o.maxAlternatives), ambiguous: false };
    }
    const second = ranked[1];
    const ambiguous = !!second && second.score >= o.threshold && top.score - second.score < o.tieMargin;
    return { topic: top.topic, score: top.score, alternatives, ambiguous };
  }

  return { classify };
}

const round = (x: number) => Math.round(x * 1000) / 1000;
