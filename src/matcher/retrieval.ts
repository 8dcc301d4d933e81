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

/**
 * Reusable per-query buffers: the accumulated score of each document and the documents touched,
 * so a query allocates only its result (long messages query thousands of postings).
 */
interface Scratch {
  acc: Float64Array;
  touched: Int32Array;
  n: number;
}

const scratch = (docs: number): Scratch => ({ acc: new Float64Array(docs), touched: new Int32Array(docs), n: 0 });

/** Adds `v · w` (or `idf[j] · w` when `idf` is given) of every posting of feature `j` to its document's score. */
function accumulate(p: Postings, j: number, v: number, idf: Float64Array | null, s: Scratch): void {
  const a = p.start[j] as number;
  const b = p.start[j + 1] as number;
  const { acc, touched } = s;
  for (let i = a; i < b; i++) {
    const add = idf ? (idf[j] as number) * (p.w[i] as number) : v * (p.w[i] as number);
    // Weights are never negative: a document is touched once, when its score first leaves 0.
    if (add === 0) continue;
    const d = p.doc[i] as number;
    if (acc[d] === 0) touched[s.n++] = d;
    acc[d] = (acc[d] as number) + add;
  }
}

/** The best document score per class, clearing the scratch for the next query. */
function bestPerClass(s: Scratch, ys: readonly number[], classes: number): ClassScores {
  const out = new Float64Array(classes);
  const { acc, touched } = s;
  for (let n = 0; n < s.n; n++) {
    const d = touched[n] as number;
    const y = ys[d] as number;
    if ((acc[d] as number) > (out[y] as number)) out[y] = acc[d] as number;
    acc[d] = 0;
  }
  s.n = 0;
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
  const s = scratch(xs.length);
  return {
    score(x) {
      for (let n = 0; n < x.idx.length; n++) {
        const j = x.idx[n] as number;
        if ((p.start[j + 1] as number) - (p.start[j] as number) <= maxPosting) accumulate(p, j, x.val[n] as number, null, s);
      }
      return bestPerClass(s, ys, classes);
    },
  };
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
  const s = scratch(N);
  return {
    score(x) {
      for (let n = 0; n < x.idx.length; n++) accumulate(p, x.idx[n] as number, 0, idf, s);
      const out = bestPerClass(s, ys, classes);
      let best = 0;
      for (let k = 0; k < classes; k++) if ((out[k] as number) > best) best = out[k] as number;
      if (best > 0) for (let k = 0; k < classes; k++) out[k] = (out[k] as number) / best;
      return out;
    },
  };
}
