import type { SparseVector } from "./model.js";

/**
 * Two retrieval signals over the training phrases, each giving a score per class: nearest
 * neighbours (the best cosine similarity of a class's phrases to the message, over the same
 * TF-IDF vectors as the softmax) and Okapi BM25 over word-level features (rewards rare shared
 * words, robust to long messages). Both use compact inverted indexes (CSR arrays), so building
 * them for a few thousand phrases takes milliseconds.
 */

/** Per-class scores of one message. */
export type ClassScores = Float64Array;

interface Postings {
  start: Int32Array;
  doc: Int32Array;
  w: Float64Array;
}

/** Inverted index of sparse vectors: for each feature, the documents holding it and their weights. */
function invert(xs: readonly SparseVector[], features: number): Postings {
  const start = new Int32Array(features + 1);
  for (const x of xs) for (let n = 0; n < x.idx.length; n++) start[(x.idx[n] as number) + 1] = (start[(x.idx[n] as number) + 1] as number) + 1;
  for (let j = 0; j < features; j++) start[j + 1] = (start[j + 1] as number) + (start[j] as number);
  const fill = start.slice(0, features);
  const doc = new Int32Array(start[features] as number);
  const w = new Float64Array(start[features] as number);
  xs.forEach((x, d) => {
    for (let n = 0; n < x.idx.length; n++) {
      const j = x.idx[n] as number;
      const at = fill[j] as number;
      doc[at] = d;
      w[at] = x.val[n] as number;
      fill[j] = at + 1;
    }
  });
  return { start, doc, w };
}

/** Scores a class by its best document: accumulates `query · doc` over the postings. */
function bestPerClass(p: Postings, x: SparseVector, ys: readonly number[], classes: number, acc: Float64Array, touched: number[], skip: (j: number, len: number) => boolean, weight: (j: number, v: number, w: number) => number): ClassScores {
  for (let n = 0; n < x.idx.length; n++) {
    const j = x.idx[n] as number;
    const a = p.start[j] as number;
    const b = p.start[j + 1] as number;
    if (skip(j, b - a)) continue;
    const v = x.val[n] as number;
    for (let i = a; i < b; i++) {
      const d = p.doc[i] as number;
      if (acc[d] === 0) touched.push(d);
      acc[d] = (acc[d] as number) + weight(j, v, p.w[i] as number);
    }
  }
  const out = new Float64Array(classes);
  for (const d of touched) {
    const y = ys[d] as number;
    if ((acc[d] as number) > (out[y] as number)) out[y] = acc[d] as number;
    acc[d] = 0;
  }
  touched.length = 0;
  return out;
}

/** A retrieval signal: scores per class for one message's vector. */
export interface RetrievalIndex {
  score(x: SparseVector): ClassScores;
}

/**
 * Nearest neighbours: the best cosine similarity per class, in [0, 1]. Features present in
 * more than `maxPosting` phrases are skipped at query time: they carry little information and
 * dominate the cost on long messages.
 */
export function createNeighbourIndex(xs: readonly SparseVector[], ys: readonly number[], classes: number, features: number, maxPosting = 400): RetrievalIndex {
  const p = invert(xs, features);
  const acc = new Float64Array(xs.length);
  const touched: number[] = [];
  return { score: (x) => bestPerClass(p, x, ys, classes, acc, touched, (_j, len) => len > maxPosting, (_j, v, w) => v * w) };
}

/**
 * BM25 (k1 = 1.2, b = 0.75) over term counts: `docs` hold each phrase's word-level term counts
 * (as sparse vectors of counts), queries the message's terms (values ignored, each term once).
 * The best score per class is divided by the best over all classes, so scores are in [0, 1].
 */
export function createBm25Index(docs: readonly SparseVector[], ys: readonly number[], classes: number, features: number, k1 = 1.2, b = 0.75): RetrievalIndex {
  const lengths = docs.map((d) => d.val.reduce((s, v) => s + v, 0));
  const avg = lengths.reduce((s, v) => s + v, 0) / Math.max(1, lengths.length) || 1;
  const saturated = docs.map((d, i) => {
    const norm = k1 * (1 - b + (b * (lengths[i] as number)) / avg);
    return { idx: d.idx, val: Float64Array.from(d.val, (tf) => (tf * (k1 + 1)) / (tf + norm)) };
  });
  const p = invert(saturated, features);
  const N = docs.length;
  const idf = new Float64Array(features);
  for (let j = 0; j < features; j++) {
    const n = (p.start[j + 1] as number) - (p.start[j] as number);
    idf[j] = Math.log(1 + (N - n + 0.5) / (n + 0.5));
  }
  const acc = new Float64Array(N);
  const touched: number[] = [];
  return {
    score(x) {
      const out = bestPerClass(p, x, ys, classes, acc, touched, () => false, (j, _v, w) => (idf[j] as number) * w);
      let best = 0;
      for (let k = 0; k < classes; k++) if ((out[k] as number) > best) best = out[k] as number;
      if (best > 0) for (let k = 0; k < classes; k++) out[k] = (out[k] as number) / best;
      return out;
    },
  };
}
