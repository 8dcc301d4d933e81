import type { TrafficMeter } from "./broadcast/dispatcher.js";
import type { Config, ConfigFragment } from "./config.js";
import type { Engine } from "./engine/engine.js";
import type { PushOutcome } from "./engine/reminder-scheduler.js";
import type { Reply } from "./engine/replies.js";
import type { Logger } from "./logger.js";
import type { Store } from "./store/store.js";

/** What a running channel gets from the core: nothing platform-specific. `C` is the channel's own config. */
export interface ChannelContext<C extends object = object> {
  engine: Engine;
  store: Store;
  /** The core variables plus the channel's own (its `configSchema`), parsed and checked at start-up. */
  config: Config & C;
  logger: Logger;
  /** The process's outgoing budget (src/broadcast/dispatcher.ts): report each reply sent (`spend`) and each 429 (`pause`), so broadcasts yield. */
  traffic?: TrafficMeter;
  /** Start for sending only (`afterleak broadcast` with no instance running): no polling, webhook, gateway or server; `push` must work. */
  pushOnly?: boolean;
}

/**
 * Sends a message the bot starts (a reminder) to one user in a private chat, rendered like a
 * turn's replies. The outcome says what the sender does next (see {@link PushOutcome}).
 */
export type ChannelPush = (to: { userId: string }, message: { locale: string; replies: Reply[] }) => Promise<PushOutcome>;

/**
 * A public place of a channel where incident updates are posted (a Discord server's updates
 * channel). `key` is its outbox recipient key (a pseudonym of the place, never a user's key),
 * `to` the platform's route (a channel id), `locale` the place's language if its moderators set one.
 */
export interface ChannelPlace {
  key: string;
  to: string;
  locale?: string;
}

/**
 * Optional capability: public places that receive every broadcast update (see
 * `postToPlaces`, src/engine/places.ts). The adapter lists and posts; the core decides what and
 * records each post once in the outbox. `drop` forgets a place the bot can no longer post to.
 */
export interface ChannelPlaces {
  list(): AsyncIterable<ChannelPlace>;
  post(place: ChannelPlace, message: { locale: string; replies: Reply[] }): Promise<PushOutcome>;
  drop(place: ChannelPlace): Promise<void>;
}

/** A started channel; `stop` ends it cleanly (stop polling, close sockets). */
export interface RunningChannel {
  name: string;
  /** Optional capability: messages the bot starts (reminders). A channel without it keeps them for later. */
  push?: ChannelPush;
  /** Optional capability: public places (server channels) where broadcast updates are posted. */
  places?: ChannelPlaces;
  stop(): Promise<void>;
  /** Resolves when the channel ends by itself (e.g. the terminal chat reached end of input). */
  done?: Promise<void>;
}

/** What a channel can do that the core chooses by (never by the channel's name). */
export interface ChannelCapabilities {
  /** Chats in this process's terminal (stdin/stdout): what `afterleak chat` runs. */
  terminal?: boolean;
  /** Can start a message to a user (`RunningChannel.push`): task steps offer reminders to its users. */
  push?: boolean;
}

/**
 * A channel module, registered by the composition root (`adapters/index.ts`) so the core never
 * imports an adapter. `configSchema` declares the channel's environment variables (the core merges
 * every channel's into one check, so all problems are reported at once); keep it cheap to import
 * (zod only, no SDK). `enabled` decides from configuration; `start` wires the platform.
 */
export interface ChannelModule<C extends object = object> {
  name: string;
  /** The channel's own environment variables (a zod object), e.g. `TELEGRAM_BOT_TOKEN`. */
  configSchema?: ConfigFragment;
  capabilities?: ChannelCapabilities;
  enabled(config: Config & C, others: { anyPlatform: boolean }): boolean;
  /** True for channels that count as a platform (a token configured), not a local default. */
  platform: boolean;
  start(ctx: ChannelContext<C>): Promise<RunningChannel>;
  /** True when a support team is configured for this channel, so the engine hands users over to it. */
  handoff?(config: Config & C): boolean;
}
