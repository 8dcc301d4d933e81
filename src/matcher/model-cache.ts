import { createHash } from "node:crypto";
import { z } from "zod";
import type { SoftmaxModel } from "./model.js";
import type { TrainingSet } from "./training-set.js";
import { softmaxFromWeights } from "./model.js";

/**
 * Version of the trained model's meaning. **Bump it whenever the matcher's algorithm changes**
 * (features, vocabulary, training, anything that changes the weights): a cached model under an
 * older version is then retrained instead of loaded.
 */
export const MATCHER_VERSION = 8;

/**
 * Where a trained model is kept between runs (`createMatcher`'s 4th argument). `load` returns
 * undefined when there is no usable model (missing, corrupt, another shape): the matcher trains.
 */
export interface ModelCache {
  load(classes: number, features: number): SoftmaxModel | undefined;
  save(model: SoftmaxModel, features: number): void;
  /** The vectorized training phrases kept with the model (a start skips featurizing them); undefined: build them. */
  loadTraining?(docs: number): TrainingSet | undefined;
  saveTraining?(set: TrainingSet): void;
}

/** Opens the cache for one training input (JSON-serialisable), or undefined for none. */
export type ModelCacheProvider = (trainingInput: unknown) => ModelCache | undefined;

/**
 * The cache key of a training input: a SHA-256 of the matcher version, `extra` (e.g. a hash of
 * the matcher's sources) and the input as JSON (the pack's phrases, out-of-scope anchors, lexicon
 * and the training settings).
 */
export function modelKey(input: unknown, extra = ""): string {
  return createHash("sha256").update(`afterleak-matcher\0${MATCHER_VERSION}\0${extra}\0`).update(JSON.stringify(input)).digest("hex");
}

const headerSchema = z.object({
  format: z.literal("afterleak-matcher-model"),
  v: z.literal(1),
  key: z.string().regex(/^[0-9a-f]{64}$/),
  classes: z.number().int().positive(),
  features: z.number().int().nonnegative(),
  bytes: z.number().int().nonnegative(),
  sha256: z.string().regex(/^[0-9a-f]{64}$/),
});

/** A model file: one JSON header line (key, shape, length and SHA-256 of the payload), then the weights as float64. */
export function encodeModel(key: string, model: SoftmaxModel, features: number): Buffer {
  const payload = Buffer.from(model.weights.buffer, model.weights.byteOffset, model.weights.byteLength);
  const header = { format: "afterleak-matcher-model", v: 1, key, classes: model.classes, features, bytes: payload.length, sha256: createHash("sha256").update(payload).digest("hex") };
  return Buffer.concat([Buffer.from(`${JSON.stringify(header)}\n`), payload]);
}

/**
 * Reads a model file written by {@link encodeModel}; undefined (never a partial model) unless the
 * header validates, names `key` and the expected shape, and the payload has its length and checksum.
 */
export function decodeModel(file: Buffer, key: string, classes: number, features: number): SoftmaxModel | undefined {
  const nl = file.indexOf(10);
  if (nl < 0 || nl > 4096) return undefined;
  let json: unknown;
  try {
    json = JSON.parse(file.subarray(0, nl).toString("utf8"));
  } catch {
    return undefined;
  }
  const h = headerSchema.safeParse(json);
  if (!h.success || h.data.key !== key || h.data.classes !== classes || h.data.features !== features) return undefined;
  const payload = file.subarray(nl + 1);
  if (payload.length !== h.data.bytes || h.data.bytes !== (features + 1) * classes * 8) return undefined;
  if (createHash("sha256").update(payload).digest("hex") !== h.data.sha256) return undefined;
  // Copied into an aligned buffer of its own (the file's bytes may start at any offset).
  const weights = new Float64Array(payload.length / 8);
  Buffer.from(weights.buffer).set(payload);
  return softmaxFromWeights(weights, classes, features);
}
