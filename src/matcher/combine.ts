/**
 * Combines the matcher's signals into one calibrated probability per class. Each class gets a
 * logit `a·log p_softmax + b·knn + c·bm25 + d·pattern (+ bias for the out-of-scope classes)`;
 * the probabilities are a softmax over those logits. The weights play the role of a
 * temperature and are fitted on held-out labelled messages (`calibrate.ts`), so that a
 * confidence of 0.7 is right about 70% of the time.
 */

/** Raw per-class signals of one message (classes: topics, then the out-of-scope kinds). */
export interface Signals {
  /** True when the message has no known feature at all. */
  empty: boolean;
  softmax: Float64Array;
  knn: Float64Array;
  bm25: Float64Array;
  pattern: Float64Array;
}

/** Weights of the combination (fitted; see the module comment). */
export interface CombineWeights {
  softmax: number;
  knn: number;
  bm25: number;
  pattern: number;
  /** Added to the logit of each out-of-scope class. */
  oosBias: number;
}

/** Chosen on the development and held-out sets for top-1 and out-of-scope rejection per locale (see `calibrate.ts`). */
export const DEFAULT_WEIGHTS: CombineWeights = { softmax: 1, knn: 6, bm25: 2, pattern: 2, oosBias: 1 };

/**
 * Calibrated class probabilities. Classes at `topics` and above are the out-of-scope kinds.
 *
 * @example
 * combine(signals, DEFAULT_WEIGHTS, 39) // Float64Array of 41 probabilities summing to 1
 */
export function combine(s: Signals, w: CombineWeights, topics: number): Float64Array {
  const K = s.softmax.length;
  const z = new Float64Array(K);
  let m = -Infinity;
  for (let k = 0; k < K; k++) {
    const v =
      w.softmax * Math.log((s.softmax[k] as number) + 0.01) +
      w.knn * (s.knn[k] as number) +
      w.bm25 * (s.bm25[k] as number) +
      w.pattern * (s.pattern[k] as number) +
      (k >= topics ? w.oosBias : 0);
    z[k] = v;
    if (v > m) m = v;
  }
  let t = 0;
  for (let k = 0; k < K; k++) {
    const e = Math.exp((z[k] as number) - m);
    z[k] = e;
    t += e;
  }
  for (let k = 0; k < K; k++) z[k] = (z[k] as number) / t;
  return z;
}
