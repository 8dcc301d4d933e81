import { parseConfig, type Config } from "./config.js";
import { DiagnosticsError } from "./content/diagnostics.js";
import { loadPack } from "./content/loader.js";
import type { ContentPack } from "./content/pack.js";
import { createEngine, type Engine } from "./engine/engine.js";
import { createLogger, type Logger } from "./logger.js";
import { loadOrCreateSecret } from "./privacy/secret.js";
import { openStore } from "./store/open.js";
import type { Store } from "./store/store.js";

/** A bad configuration: every problem names the variable and what is allowed. */
export class ConfigError extends Error {
  constructor(readonly problems: { variable: string; message: string }[]) {
    super(`invalid configuration:\n${problems.map((p) => `  ${p.variable}: ${p.message}`).join("\n")}`);
    this.name = "ConfigError";
  }
}

/** The core assembled from configuration: pack, store and engine. */
export interface App {
  config: Config;
  pack: ContentPack;
  store: Store;
  engine: Engine;
  logger: Logger;
  close(): Promise<void>;
}

/**
 * Loads configuration, the content pack and the store, and builds the engine.
 * Throws {@link ConfigError} or {@link DiagnosticsError} listing every problem.
 */
export async function createApp(
  env: Record<string, string | undefined> = process.env,
  opts: { logger?: Logger; handoff?: (config: Config) => (platform: string) => boolean } = {},
): Promise<App> {
  const { config, problems } = parseConfig(env);
  if (!config) throw new ConfigError(problems);
  const logger = opts.logger ?? createLogger(config.LOG_LEVEL);
  const pack = await loadPack(config.CONTENT_DIR);
  const secret = await loadOrCreateSecret(config.DATA_DIR, config.AFTERLEAK_SECRET);
  const store = await openStore(config);
  const engine = createEngine({
    pack,
    store,
    secret,
    settings: {
      maxInputChars: config.MAX_INPUT_CHARS,
      rateLimitPerMinute: config.RATE_LIMIT_PER_MINUTE,
      ...(opts.handoff ? { handoffAvailable: opts.handoff(config) } : {}),
    },
  });
  return { config, pack, store, engine, logger, close: () => store.close() };
}

export { DiagnosticsError };
