import { createHash } from "node:crypto";
import { mkdirSync, readdirSync, readFileSync, renameSync, rmSync, writeFileSync } from "node:fs";
import { join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { deserialize, serialize } from "node:v8";
import type { ContentPack } from "../content/pack.js";

/** Bump when the cached form of a pack changes meaning (the code hash below covers the rest). */
const PACK_CACHE_VERSION = 1;
const MAGIC = "afterleak-pack-cache\n";

let code: string | undefined;
/** A hash of the running code (every .ts/.js under src/, or dist/src/): changed validation never loads an old pack. */
function codeHash(): string {
  if (code !== undefined) return code;
  const h = createHash("sha256");
  const walk = (dir: string) => {
    for (const e of readdirSync(dir, { withFileTypes: true }).sort((a, b) => (a.name < b.name ? -1 : 1))) {
      const p = join(dir, e.name);
      if (e.isDirectory()) walk(p);
      else if (/\.(ts|js)$/.test(e.name)) h.update(`${p}\0`).update(readFileSync(p)).update("\0");
    }
  };
  walk(fileURLToPath(new URL("../", import.meta.url)));
  return (code = h.digest("hex"));
}

/** A hash of every file of the pack folder (and its subfolders), with their names, plus where it is shown from. */
function packKey(dir: string): string {
  const h = createHash("sha256").update(`${MAGIC}${PACK_CACHE_VERSION}\0${codeHash()}\0${resolve(dir)}\0${process.cwd()}\0`);
  const walk = (d: string, rel: string) => {
    for (const e of readdirSync(d, { withFileTypes: true }).sort((a, b) => (a.name < b.name ? -1 : 1))) {
      if (e.isDirectory()) walk(join(d, e.name), `${rel}${e.name}/`);
      else if (e.isFile()) h.update(`${rel}${e.name}\0`).update(readFileSync(join(d, e.name))).update("\0");
    }
  };
  walk(dir, "");
  return h.digest("hex");
}

/** What the pack cache reports: a pack loaded from the cache, validated and written, or a file not usable (then rebuilt). */
export type PackCacheEvent = { kind: "loaded" | "saved" | "rejected" | "save-failed"; file: string; reason?: string };

/**
 * Loads a content pack through a cache in `cacheDir` (next to the matcher models): the validated
 * pack is kept as `<key>.pack`, the key a SHA-256 of every file of the pack folder, the folder's
 * path and the code that validates it, so start-up skips YAML parsing and validation when nothing
 * changed. A changed pack or code misses (and validates); a truncated or corrupt file (SHA-256 of
 * the payload) is rejected and rebuilt, never trusted. `validate` is the real loader (it throws
 * `DiagnosticsError` for an invalid pack, which is never cached).
 *
 * @example
 * const pack = await loadPackCached("content/my-pack", join(DATA_DIR, "matcher-cache"), loadPack);
 */
export async function loadPackCached(
  dir: string,
  cacheDir: string,
  validate: (dir: string) => Promise<ContentPack>,
  onEvent: (e: PackCacheEvent) => void = () => undefined,
): Promise<ContentPack> {
  let key: string;
  try {
    key = packKey(dir);
  } catch {
    return validate(dir); // an unreadable folder: the loader reports it with file:line
  }
  const file = join(cacheDir, `${key.slice(0, 32)}.pack`);
  const cached = readCached(file, key);
  if (cached.pack) {
    onEvent({ kind: "loaded", file });
    return cached.pack;
  }
  if (cached.reason) onEvent({ kind: "rejected", file, reason: cached.reason });
  const pack = await validate(dir);
  const tmp = `${file}.${process.pid}.tmp`;
  try {
    const payload = serialize(pack);
    const header = Buffer.from(`${MAGIC}${key}\n${createHash("sha256").update(payload).digest("hex")}\n`);
    mkdirSync(cacheDir, { recursive: true, mode: 0o700 });
    writeFileSync(tmp, Buffer.concat([header, payload]), { mode: 0o600 });
    renameSync(tmp, file);
    onEvent({ kind: "saved", file });
  } catch (err) {
    rmSync(tmp, { force: true });
    onEvent({ kind: "save-failed", file, reason: (err as NodeJS.ErrnoException).code ?? (err as Error).message });
  }
  return pack;
}

function readCached(file: string, key: string): { pack?: ContentPack; reason?: string } {
  let buf: Buffer;
  try {
    buf = readFileSync(file);
  } catch {
    return {}; // no cache yet: a plain miss
  }
  const head = `${MAGIC}${key}\n`;
  const headerEnd = head.length + 65;
  if (buf.length <= headerEnd || buf.subarray(0, head.length).toString() !== head || buf[headerEnd - 1] !== 0x0a) return { reason: "bad header" };
  const payload = buf.subarray(headerEnd);
  if (createHash("sha256").update(payload).digest("hex") !== buf.subarray(head.length, headerEnd - 1).toString()) return { reason: "checksum mismatch" };
  try {
    return { pack: deserialize(payload) as ContentPack };
  } catch {
    return { reason: "unreadable payload" }; // the checksum matched but the V8 format did not (another Node version)
  }
}
