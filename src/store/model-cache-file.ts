import { createHash } from "node:crypto";
import { mkdirSync, readdirSync, readFileSync, renameSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { deserialize, serialize } from "node:v8";
import { decodeModel, encodeModel, modelKey, type ModelCacheProvider } from "../matcher/model-cache.js";
import { isTrainingSet, type TrainingSet } from "../matcher/training-set.js";

let sources: string | undefined;
/** A hash of the matcher's own code (the .ts sources, or the compiled .js), so a changed algorithm never loads an old model. */
function matcherSourceHash(): string {
  if (sources !== undefined) return sources;
  const dir = fileURLToPath(new URL("../matcher/", import.meta.url));
  const h = createHash("sha256");
  for (const f of readdirSync(dir).filter((n) => /\.(ts|js)$/.test(n)).sort()) h.update(`${f}\0`).update(readFileSync(join(dir, f))).update("\0");
  return (sources = h.digest("hex"));
}

/** What the file cache reports: a model loaded, trained and written, or a file that was not usable (then rebuilt). */
export type ModelCacheEvent = { kind: "loaded" | "saved" | "rejected" | "save-failed"; file: string; reason?: string };

/**
 * The matcher's model cache in a folder (`DATA_DIR/matcher-cache/`): one file per training input
 * (`<key>.model`, the key a hash of the input, `MATCHER_VERSION` and the matcher's code) and its
 * vectorized training phrases (`<key>.train`, so a start skips featurizing them). A
 * missing, truncated or corrupt file is reported as `rejected` and the model retrained and
 * rewritten (atomically, 0600); it is never trusted.
 *
 * @example
 * useModelCache(fileModelCache(join(config.DATA_DIR, "matcher-cache")));
 */
export function fileModelCache(dir: string, onEvent: (e: ModelCacheEvent) => void = () => undefined): ModelCacheProvider {
  return (input) => {
    const key = modelKey(input, matcherSourceHash());
    const file = join(dir, `${key.slice(0, 32)}.model`);
    const train = join(dir, `${key.slice(0, 32)}.train`);
    return {
      load(classes, features) {
        let buf: Buffer;
        try {
          buf = readFileSync(file);
        } catch {
          return undefined;
        }
        const model = decodeModel(buf, key, classes, features);
        onEvent(model ? { kind: "loaded", file } : { kind: "rejected", file, reason: "not a valid model for this pack and matcher" });
        return model;
      },
      save(model, features) {
        write(file, encodeModel(key, model, features));
      },
      loadTraining(docs) {
        let buf: Buffer;
        try {
          buf = readFileSync(train);
        } catch {
          return undefined;
        }
        const set = decodeTraining(buf, key, docs);
        onEvent(set ? { kind: "loaded", file: train } : { kind: "rejected", file: train, reason: "not a valid training set for this pack and matcher" });
        return set;
      },
      saveTraining(set) {
        write(train, encodeTraining(key, set));
      },
    };
  };

  /** Written atomically (temporary file, then rename), 0600 in a 0700 folder. */
  function write(file: string, data: Buffer): void {
    const tmp = `${file}.${process.pid}.tmp`;
    try {
      mkdirSync(dir, { recursive: true, mode: 0o700 });
      writeFileSync(tmp, data, { mode: 0o600 });
      renameSync(tmp, file);
      onEvent({ kind: "saved", file });
    } catch (err) {
      rmSync(tmp, { force: true });
      onEvent({ kind: "save-failed", file, reason: (err as NodeJS.ErrnoException).code ?? (err as Error).message });
    }
  }
}

const TRAINING_MAGIC = "afterleak-matcher-training\n";

/** A training-set file: magic, the key, the payload's SHA-256 (one line each), then the set (V8 serialization). */
function encodeTraining(key: string, set: TrainingSet): Buffer {
  const payload = serialize(set);
  return Buffer.concat([Buffer.from(`${TRAINING_MAGIC}${key}\n${createHash("sha256").update(payload).digest("hex")}\n`), payload]);
}

/** The set in a file written by {@link encodeTraining}; undefined unless key, checksum and shape (for `docs` phrases) all hold. */
function decodeTraining(buf: Buffer, key: string, docs: number): TrainingSet | undefined {
  const head = `${TRAINING_MAGIC}${key}\n`;
  const end = head.length + 65;
  if (buf.length <= end || buf.subarray(0, head.length).toString() !== head || buf[end - 1] !== 0x0a) return undefined;
  const payload = buf.subarray(end);
  if (createHash("sha256").update(payload).digest("hex") !== buf.subarray(head.length, end - 1).toString()) return undefined;
  try {
    const set: unknown = deserialize(payload);
    return isTrainingSet(set, docs) ? set : undefined;
  } catch {
    return undefined; // the checksum matched but the V8 format did not (another Node version)
  }
}
