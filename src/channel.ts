import type { Config } from "./config.js";
import type { Engine } from "./engine/engine.js";
import type { Logger } from "./logger.js";
import type { Store } from "./store/store.js";

/** What a running channel gets from the core: nothing platform-specific. */
export interface ChannelContext {
  engine: Engine;
  store: Store;
  config: Config;
  logger: Logger;
}

/** A started channel; `stop` ends it cleanly (stop polling, close sockets). */
export interface RunningChannel {
  name: string;
  stop(): Promise<void>;
  /** Resolves when the channel ends by itself (e.g. the terminal chat reached end of input). */
  done?: Promise<void>;
}

/**
 * A channel module, registered by the composition root (`adapters/index.ts`) so the core never
 * imports an adapter. `enabled` decides from configuration; `start` wires the platform.
 */
export interface ChannelModule {
  name: string;
  enabled(config: Config, others: { anyPlatform: boolean }): boolean;
  /** True for channels that count as a platform (a token configured), not a local default. */
  platform: boolean;
  start(ctx: ChannelContext): Promise<RunningChannel>;
  /** True when a support team is configured for this channel, so the engine hands users over to it. */
  handoff?(config: Config): boolean;
}
