/**
 * A small multinomial logistic-regression (softmax) model over sparse features, trained with
 * deterministic SGD. Discriminative training learns which words separate neighbouring topics
 * ("email address" vs "home address"), which nearest-phrase similarity cannot.
 */

/** A sparse, L2-normalised feature vector: parallel arrays of feature indices and weights. */
export interface SparseVector {
  idx: Int32Array;
  val: Float64Array;
}

/** Training settings; defaults are calibrated with `afterleak eval`. */
export interface TrainOptions {
  epochs: number;
  learningRate: number;
  l2: number;
  seed: number;
}

export const DEFAULT_TRAIN: TrainOptions = { epochs: 15, learningRate: 1, l2: 1e-5, seed: 7 };

/** A trained softmax model. */
export interface SoftmaxModel {
  classes: number;
  /** Class probabilities for one vector. */
  predict(x: SparseVector): Float64Array;
  /** The learned parameters: `features * classes` weights (feature-major), then `classes` biases (for the model cache). */
  weights: Float64Array;
}

/** Rebuilds a trained model from its {@link SoftmaxModel.weights} (a cached model). */
export function softmaxFromWeights(weights: Float64Array, classes: number, features: number): SoftmaxModel {
  if (weights.length !== (features + 1) * classes) throw new Error("softmax weights of the wrong size");
  const scores = softmaxScores(weights.subarray(0, features * classes), weights.subarray(features * classes), classes);
  return { classes, predict: (x) => scores(x, new Float64Array(classes)), weights };
}

/** Class probabilities of `x` into `out`, from weights `W` (feature-major) and biases `b`. */
function softmaxScores(W: Float64Array, b: Float64Array, K: number) {
  return (x: SparseVector, out: Float64Array) => {
    out.set(b);
    for (let n = 0; n < x.idx.length; n++) {
      const base = (x.idx[n] as number) * K;
      const v = x.val[n] as number;
      for (let k = 0; k < K; k++) out[k] = (out[k] as number) + (W[base + k] as number) * v;
    }
    let m = -Infinity;
    for (let k = 0; k < K; k++) if ((out[k] as number) > m) m = out[k] as number;
    let t = 0;
    for (let k = 0; k < K; k++) {
      const e = Math.exp((out[k] as number) - m);
      out[k] = e;
      t += e;
    }
    for (let k = 0; k < K; k++) out[k] = (out[k] as number) / t;
    return out;
  };
}

/** Trains a softmax model on vectors `xs` with labels `ys` in [0, classes). */
export function trainSoftmax(xs: readonly SparseVector[], ys: readonly number[], classes: number, features: number, opts: TrainOptions = DEFAULT_TRAIN): SoftmaxModel {
  const K = classes;
  // Weights stored feature-major so one sample touches a contiguous block per feature; biases after them.
  const weights = new Float64Array(K * (features + 1));
  const W = weights.subarray(0, K * features);
  const b = weights.subarray(K * features);
  const z = new Float64Array(K);
  const order = Array.from(xs.keys());
  let seed = opts.seed;
  const rnd = () => (seed = (seed * 16807) % 2147483647) / 2147483647;
  const scores = softmaxScores(W, b, K);

  for (let ep = 0; ep < opts.epochs; ep++) {
    for (let i = order.length - 1; i > 0; i--) {
      const j = Math.floor(rnd() * (i + 1));
      [order[i], order[j]] = [order[j] as number, order[i] as number];
    }
    const lr = opts.learningRate / (1 + ep * 0.1);
    const decay = 1 - lr * opts.l2;
    for (const i of order) {
      const x = xs[i] as SparseVector;
      const y = ys[i] as number;
      scores(x, z);
      z[y] = (z[y] as number) - 1;
      for (let k = 0; k < K; k++) b[k] = (b[k] as number) - lr * (z[k] as number);
      for (let n = 0; n < x.idx.length; n++) {
        const base = (x.idx[n] as number) * K;
        const v = x.val[n] as number;
        for (let k = 0; k < K; k++) {
          const g = z[k] as number;
          W[base + k] = (W[base + k] as number) * decay - lr * g * v;
        }
      }
    }
  }
  return { classes: K, predict: (x) => scores(x, new Float64Array(K)), weights };
}
