import { combine, type CombineWeights, type Signals } from "./combine.js";

/** One held-out labelled message with its raw signals; `gold` is a class index, or -1 for out of scope. */
export interface CalibrationItem {
  signals: Signals;
  gold: number;
}

/** The fitted weights and their mean log-likelihood on the calibration items. */
export interface CalibrationFit {
  weights: CombineWeights;
  logLikelihood: number;
}

const GRID: Record<keyof CombineWeights, number[]> = {
  softmax: [0.5, 0.75, 1, 1.5, 2],
  knn: [0, 2, 4, 6, 8, 10],
  bm25: [0, 0.5, 1, 2, 3],
  pattern: [0, 0.5, 1, 1.5, 2, 3],
  oosBias: [-1, -0.5, 0, 0.5, 1, 1.5, 2, 2.5],
};

/**
 * Fits the combination weights on held-out labelled messages by coordinate ascent over a grid,
 * maximising the mean log-probability of the right answer (for an out-of-scope message: of the
 * out-of-scope classes together). Deterministic; a few passes over the grid converge.
 *
 * @example
 * const fit = fitWeights(items, DEFAULT_WEIGHTS, topicCount);
 */
export function fitWeights(items: readonly CalibrationItem[], start: CombineWeights, topics: number, passes = 3): CalibrationFit {
  let w = { ...start };
  let best = logLikelihood(items, w, topics);
  for (let pass = 0; pass < passes; pass++) {
    let moved = false;
    for (const key of Object.keys(GRID) as (keyof CombineWeights)[]) {
      for (const v of GRID[key]) {
        const cand = { ...w, [key]: v };
        const ll = logLikelihood(items, cand, topics);
        if (ll > best + 1e-9) {
          best = ll;
          w = cand;
          moved = true;
        }
      }
    }
    if (!moved) break;
  }
  return { weights: w, logLikelihood: best };
}

/** Mean log-probability of the right answer under weights `w`. */
export function logLikelihood(items: readonly CalibrationItem[], w: CombineWeights, topics: number): number {
  let total = 0;
  for (const it of items) {
    const p = combine(it.signals, w, topics);
    let q = 0;
    if (it.gold >= 0) q = p[it.gold] as number;
    else for (let k = topics; k < p.length; k++) q += p[k] as number;
    total += Math.log(Math.max(q, 1e-6));
  }
  return total / Math.max(1, items.length);
}
