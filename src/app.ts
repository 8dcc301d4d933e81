import { parseConfig, type Config, type ConfigFragment } from "./config.js";
import { DiagnosticsError } from "./content/diagnostics.js";
import { loadPack } from "./content/loader.js";
import type { ContentPack } from "./content/pack.js";
import { createEngine, type Engine, type EngineOptions } from "./engine/engine.js";
import { createPackSetEngine } from "./engine/pack-set.js";
import { packDirs } from "./content/pack-dirs.js";
import { createLogger, type Logger } from "./logger.js";
import { useModelCache } from "./matcher/from-pack.js";
import { loadOrCreateSecret } from "./privacy/secret.js";
import { createReloader, warnIfStale, type Reloader } from "./reload.js";
import { createGuardedStore, type GuardedStore } from "./store/guarded.js";
import { fileModelCache } from "./store/model-cache-file.js";
import { openStore } from "./store/open.js";
import { loadPackCached } from "./store/pack-cache-file.js";

/** A bad configuration: every problem names the variable and what is allowed. */
export class ConfigError extends Error {
  constructor(readonly problems: { variable: string; message: string }[]) {
    super(`invalid configuration:\n${problems.map((p) => `  ${p.variable}: ${p.message}`).join("\n")}`);
    this.name = "ConfigError";
  }
}

/** The core assembled from configuration: pack, store and engine. `C` is the channels' config. */
export interface App<C extends object = object> {
  config: Config & C;
  pack: ContentPack;
  store: GuardedStore;
  engine: Engine;
  logger: Logger;
  /** Re-reads the content pack into the running engine (SIGHUP, `afterleak reload`); see reload.ts. */
  reloader: Reloader;
  close(): Promise<void>;
}

/**
 * Loads configuration (the core variables plus the channels' `configSchemas`), the content pack
 * and the store, and builds the engine. Throws {@link ConfigError} or {@link DiagnosticsError}
 * listing every problem.
 */
export async function createApp<C extends object = object>(
  env: Record<string, string | undefined> = process.env,
  opts: {
    logger?: Logger;
    handoff?: (config: Config) => (platform: string) => boolean;
    /** Which platforms can receive reminders (their channel can start a message); default: all. */
    reminders?: (platform: string) => boolean;
    configSchemas?: readonly ConfigFragment[];
  } = {},
): Promise<App<C>> {
  const { config, problems } = parseConfig<C>(env, opts.configSchemas);
  if (!config) throw new ConfigError(problems);
  const logger = opts.logger ?? createLogger(config.LOG_LEVEL);
  // Trained matcher models are kept in the data folder, keyed by pack and matcher (one line each: no content).
  useModelCache(
    fileModelCache(`${config.DATA_DIR}/matcher-cache`, (e) =>
      e.kind === "loaded" || e.kind === "saved" ? logger.info({ file: e.file }, `matcher model ${e.kind}`) : logger.warn({ file: e.file, reason: e.reason }, `matcher model ${e.kind}; trained instead`),
    ),
  );
  const dirs = packDirs(config.CONTENT_DIR);
  // The validated pack is cached next to the matcher models, keyed by its files and the code: a restart skips YAML and validation.
  const packs = await Promise.all(
    dirs.map((d) =>
      loadPackCached(d, `${config.DATA_DIR}/matcher-cache`, loadPack, (e) =>
        e.kind === "loaded" || e.kind === "saved" ? logger.debug({ file: e.file }, `content pack ${e.kind}`) : logger.warn({ file: e.file, reason: e.reason }, `content pack cache ${e.kind}; validated instead`),
      ),
    ),
  );
  const pack = packs[0]!;
  for (const p of packs) warnIfStale(p, logger, new Date());
  const secret = await loadOrCreateSecret(config.DATA_DIR, config.AFTERLEAK_SECRET);
  const store = createGuardedStore(await openStore(config, { logger }), {
    deadlineMs: config.STORE_DEADLINE_MS,
    // One line when the store goes away and one when it is back, never one per message.
    onChange: (h) => (h.ok ? logger.info("store available again") : logger.warn({ reason: h.reason }, "store unavailable")),
  });
  const engine = (packs.length > 1 ? (o: Omit<EngineOptions, "pack">) => createPackSetEngine({ ...o, packs }) : createEngine)({
    pack,
    store,
    secret,
    settings: {
      maxInputChars: config.MAX_INPUT_CHARS,
      rateLimitPerMinute: config.RATE_LIMIT_PER_MINUTE,
      quietHours: { timeZone: config.REMINDER_TIME_ZONE, ...config.REMINDER_QUIET_HOURS },
      ...(opts.handoff ? { handoffAvailable: opts.handoff(config) } : {}),
      ...(opts.reminders ? { remindersAvailable: opts.reminders } : {}),
    },
  });
  const reloader = dirs.length > 1 ? reloadEach(dirs.map((dir) => createReloader({ dir, engine, logger }))) : createReloader({ dir: config.CONTENT_DIR, engine, logger });
  return { config, pack, store, engine, logger, reloader, close: () => store.close() };
}

/** Reloads several packs, one after the other; the first refused one is the outcome (the others still reload). */
const reloadEach = (reloaders: Reloader[]): Reloader => ({
  async reload(trigger) {
    const outcomes = [];
    for (const r of reloaders) outcomes.push(await r.reload(trigger));
    return outcomes.find((o) => o.outcome === "refused") ?? outcomes[outcomes.length - 1]!;
  },
});

export { DiagnosticsError };
