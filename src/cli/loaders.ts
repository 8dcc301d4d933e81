import type { App } from "../app.js";
import type { ContentPack } from "../content/pack.js";
import type { CliIo } from "./io.js";

// Every module below is loaded by the command that needs it, so `help` and the support commands
// start in a fraction of a second and never load the matcher, the store or a platform SDK.
/** `createApp`, loaded on first use. */
export const createApp: (typeof import("../app.js"))["createApp"] = async (...a) => (await import("../app.js")).createApp(...a);
/**
 * `loadPack`, loaded on first use. With `io`, through the validated-pack cache in
 * `DATA_DIR/matcher-cache/` (src/store/pack-cache-file.ts): an unchanged pack skips YAML and validation.
 */
export const loadPack = async (dir: string, io?: CliIo) => {
  const validate = async (d: string) => (await import("../content/loader.js")).loadPack(d);
  if (!io) return validate(dir);
  const { loadPackCached } = await import("../store/pack-cache-file.js");
  return loadPackCached(dir, `${io.env.DATA_DIR || "data"}/matcher-cache`, validate, (e) => {
    if (e.kind === "rejected" || e.kind === "save-failed") io.stderr.write(`pack cache: ${e.file}: ${e.kind} (${e.reason}); validated instead\n`);
  });
};
/** The pack's matcher, its trained model loaded from (or written to) `DATA_DIR/matcher-cache/` when unchanged. */
export const matcherFromPack = async (pack: ContentPack, io: CliIo) => {
  const m = await import("../matcher/from-pack.js");
  const { fileModelCache } = await import("../store/model-cache-file.js");
  m.useModelCache(
    fileModelCache(`${io.env.DATA_DIR || "data"}/matcher-cache`, (e) => {
      if (e.kind === "rejected" || e.kind === "save-failed") io.stderr.write(`matcher cache: ${e.file}: ${e.kind} (${e.reason}); trained instead\n`);
      if (e.kind === "saved" && io.env.AFTERLEAK_CACHE_REPORT === "1") io.stderr.write(`matcher cache: wrote ${e.file}\n`);
    }),
  );
  return m.matcherFromPack(pack);
};

/** CONTENT_DIR as configured: one pack, a comma list or a folder of packs. */
export const contentSpec = async (io: CliIo) => (await import("../config.js")).parseConfig(io.env).config?.CONTENT_DIR ?? (await import("../content/pack-dirs.js")).defaultContentDir();
/** The pack a one-pack command (check-content, classify, eval, …) works on: the first CONTENT_DIR names. */
export const contentDir = async (io: CliIo) => {
  const spec = await contentSpec(io);
  return (await import("../content/pack-dirs.js")).packDirs(spec)[0] ?? spec;
};
/** The last-activity time before which a user counts as idle (RETENTION_DAYS). */
export const cutoff = (app: App) => new Date(Date.now() - app.config.RETENTION_DAYS * 86_400_000);

/** Runs `fn` on a started app and closes it afterwards. */
export async function withApp(io: CliIo, fn: (app: App) => Promise<number>): Promise<number> {
  const app = await createApp(io.env);
  try {
    return await fn(app);
  } finally {
    await app.close();
  }
}
