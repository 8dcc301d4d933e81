import { featuresOfPrepared, featurize, gramCode, gramCodeAt, prepare, type Features, type FeaturizerOptions } from "./features.js";
import type { SparseVector } from "./model.js";

/** Feature-name prefixes of word-level terms (the BM25 vocabulary): words, word pairs, stems, Korean stems. */
const TOKEN_PREFIXES = ["w:", "b:", "s:", "k:"];

/**
 * The training phrases as vectors: the feature space (`keys[j]` is feature j, `idf[j]` its inverse
 * document frequency) and, per phrase, its L2-normalised TF-IDF vector `x` and its word-level term
 * counts `terms` (for BM25), both flattened (phrase d's entries are `off[d]..off[d+1]`). Building it
 * normalizes and featurizes every phrase (most of a matcher build once the model is cached), so it
 * is cached with the model (see `ModelCache.loadTraining`).
 */
export interface TrainingSet {
  keys: string[];
  idf: Float64Array;
  x: FlatVectors;
  terms: FlatVectors;
}

/** Sparse vectors in compressed rows: vector d is `idx/val[off[d]..off[d+1]]`. */
export interface FlatVectors {
  off: Int32Array;
  idx: Int32Array;
  val: Float64Array;
}

/** A feature space: feature index, idf, which features are terms, and the vectorizer of a feature bag. */
export interface FeatureSpace {
  size: number;
  idf: Float64Array;
  /** The TF-IDF vector (L2-normalised) and the word-level term counts (for BM25) of a feature bag, in one pass. */
  vectorize(f: Features): { x: SparseVector; terms: SparseVector };
  /**
   * The same for a prepared text, equal entry for entry to `vectorize(featuresOfPrepared(text))`,
   * without building the bag: unknown features are dropped as they come (the matcher's hot path).
   */
  vectorizeText(text: string): { x: SparseVector; terms: SparseVector };
}

/** The feature space of `keys` (in index order) with their `idf`. */
export function featureSpace(keys: readonly string[], idf: Float64Array): FeatureSpace {
  const index = new Map<string, number>();
  const isTerm = new Uint8Array(keys.length);
  keys.forEach((k, j) => {
    index.set(k, j);
    if (TOKEN_PREFIXES.includes(k.slice(0, 2))) isTerm[j] = 1;
  });
  const grams = gramTable(keys);
  // Term frequencies of the text being vectorized, and its features in the order first met.
  const tf = new Float64Array(keys.length);
  const met = new Int32Array(keys.length);
  let metN = 0;
  const bump = (j: number, w: number) => {
    if (tf[j] === 0) met[metN++] = j;
    tf[j] = (tf[j] as number) + w;
  };
  const count = (k: string, w: number) => {
    const j = index.get(k);
    if (j !== undefined) bump(j, w);
  };
  const countGram = (tag: number, s: string, at: number, w: number) => {
    const j = grams.find(gramCodeAt(tag, s, at));
    if (j >= 0) bump(j, w);
  };
  const build = (n: number, at: (n: number) => number, tfAt: (n: number) => number) => {
    const idx = new Int32Array(n);
    const val = new Float64Array(n);
    let terms = 0;
    let sq = 0;
    for (let i = 0; i < n; i++) {
      const j = at(i);
      const w = (1 + Math.log(tfAt(i))) * (idf[j] as number);
      idx[i] = j;
      val[i] = w;
      sq += w * w;
      terms += isTerm[j] as number;
    }
    const norm = Math.sqrt(sq) || 1;
    const tIdx = new Int32Array(terms);
    const tVal = new Float64Array(terms);
    for (let i = 0, t = 0; i < n; i++) {
      val[i] = (val[i] as number) / norm;
      const j = idx[i] as number;
      if (isTerm[j]) {
        tIdx[t] = j;
        tVal[t++] = tfAt(i);
      }
    }
    return { x: { idx, val }, terms: { idx: tIdx, val: tVal } };
  };
  const vectorize = (f: Features): { x: SparseVector; terms: SparseVector } => {
    const known: number[] = [];
    const freq: number[] = [];
    for (const [k, n] of f) {
      const j = index.get(k);
      if (j === undefined) continue;
      known.push(j);
      freq.push(n);
    }
    return build(known.length, (i) => known[i] as number, (i) => freq[i] as number);
  };
  const vectorizeText = (text: string): { x: SparseVector; terms: SparseVector } => {
    metN = 0;
    featurize(text, count, countGram);
    const v = build(metN, (i) => met[i] as number, (i) => tf[met[i] as number] as number);
    for (let i = 0; i < metN; i++) tf[met[i] as number] = 0;
    return v;
  };
  return { size: keys.length, idf, vectorize, vectorizeText };
}

/**
 * The n-gram features of `keys` by number (see {@link gramCode}), in an open-addressing table of
 * typed arrays: looking one up allocates nothing (a `Map` keyed by numbers above 2^31 would box each).
 */
function gramTable(keys: readonly string[]): { find(code: number): number } {
  const codes = keys.map(gramCode);
  let size = 16;
  while (size < codes.length * 2) size *= 2;
  const mask = size - 1;
  const slot = new Float64Array(size).fill(-1);
  const at = new Int32Array(size);
  const home = (code: number) => {
    const h = Math.imul(((code % P32) | 0) ^ Math.imul((code / P32) | 0, 0x9e3779b1), 0x85ebca6b);
    return (h ^ (h >>> 15)) & mask;
  };
  codes.forEach((code, j) => {
    if (Number.isNaN(code)) return;
    let i = home(code);
    while (slot[i] !== -1) i = (i + 1) & mask;
    slot[i] = code;
    at[i] = j;
  });
  return {
    find(code: number): number {
      for (let i = home(code); ; i = (i + 1) & mask) {
        const c = slot[i] as number;
        if (c === code) return at[i] as number;
        if (c === -1) return -1;
      }
    },
  };
}

const P32 = 2 ** 32;

/** Normalizes and featurizes every phrase, builds the feature space (idf over the phrases) and vectorizes them. */
export function buildTrainingSet(texts: readonly string[], fopts: FeaturizerOptions): TrainingSet {
  const raw = texts.map((t) => featuresOfPrepared(prepare(t, fopts)));
  const df = new Map<string, number>();
  for (const f of raw) for (const k of f.keys()) df.set(k, (df.get(k) ?? 0) + 1);
  const keys = [...df.keys()];
  const idf = Float64Array.from(keys, (k) => Math.log((raw.length + 1) / ((df.get(k) as number) + 1)) + 1);
  const space = featureSpace(keys, idf);
  const vectors = raw.map((f) => space.vectorize(f));
  return { keys, idf, x: flatten(vectors.map((v) => v.x)), terms: flatten(vectors.map((v) => v.terms)) };
}

/** The vectors of a flattened set, as views (no copy). */
export function rows(v: FlatVectors): SparseVector[] {
  const out: SparseVector[] = [];
  for (let d = 0; d + 1 < v.off.length; d++) out.push({ idx: v.idx.subarray(v.off[d], v.off[d + 1]), val: v.val.subarray(v.off[d], v.off[d + 1]) });
  return out;
}

function flatten(xs: readonly SparseVector[]): FlatVectors {
  const off = new Int32Array(xs.length + 1);
  xs.forEach((x, d) => (off[d + 1] = (off[d] as number) + x.idx.length));
  const idx = new Int32Array(off[xs.length] as number);
  const val = new Float64Array(off[xs.length] as number);
  xs.forEach((x, d) => {
    idx.set(x.idx, off[d]);
    val.set(x.val, off[d]);
  });
  return { off, idx, val };
}

/**
 * Whether `t` is a well-formed training set for `docs` phrases: every array of the right type and
 * length, offsets increasing, every index inside the feature space. A cached set that is not is rebuilt.
 */
export function isTrainingSet(t: unknown, docs: number): t is TrainingSet {
  if (typeof t !== "object" || t === null) return false;
  const { keys, idf, x, terms } = t as Partial<TrainingSet>;
  if (!Array.isArray(keys) || !keys.every((k) => typeof k === "string") || !(idf instanceof Float64Array) || idf.length !== keys.length) return false;
  return [x, terms].every((v) => isFlat(v, docs, keys.length));
}

function isFlat(v: FlatVectors | undefined, docs: number, features: number): boolean {
  if (!v || !(v.off instanceof Int32Array) || !(v.idx instanceof Int32Array) || !(v.val instanceof Float64Array)) return false;
  if (v.off.length !== docs + 1 || v.off[0] !== 0 || v.off[docs] !== v.idx.length || v.val.length !== v.idx.length) return false;
  for (let d = 0; d < docs; d++) if ((v.off[d + 1] as number) < (v.off[d] as number)) return false;
  for (const j of v.idx) if (j < 0 || j >= features) return false;
  return true;
}
