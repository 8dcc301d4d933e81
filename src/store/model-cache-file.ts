import { createHash } from "node:crypto";
import { mkdirSync, readdirSync, readFileSync, renameSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { decodeModel, encodeModel, modelKey, type ModelCacheProvider } from "../matcher/model-cache.js";

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
 * (`<key>.model`, the key a hash of the input, `MATCHER_VERSION` and the matcher's code). A
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
        const tmp = `${file}.${process.pid}.tmp`;
        try {
          mkdirSync(dir, { recursive: true, mode: 0o700 });
          writeFileSync(tmp, encodeModel(key, model, features), { mode: 0o600 });
          renameSync(tmp, file);
          onEvent({ kind: "saved", file });
        } catch (err) {
          rmSync(tmp, { force: true });
          onEvent({ kind: "save-failed", file, reason: (err as NodeJS.ErrnoException).code ?? (err as Error).message });
        }
      },
    };
  };
}
