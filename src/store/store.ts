import type { AnalyticsEvent, UserState } from "./state.js";

/** The outcome of an atomic update: the next state (undefined deletes the user) and a value to return. */
export interface Update<R> {
  next: UserState | undefined;
  result: R;
}

/** The part of a pino logger a store reports problems to (codes and kinds only, never content or keys). */
export interface StoreLogger {
  error(obj: object, msg: string): void;
  warn(obj: object, msg: string): void;
  info(obj: object, msg: string): void;
}

/**
 * A store's health as the outside sees it (`/healthz`): `{ ok: true }`, or degraded with a short,
 * content-free reason (an error code, a connection state) and since when (ISO time).
 */
export type StoreHealth = { ok: true } | { ok: false; reason: string; since: string };

/** How long a setting lives and whose it is (see {@link Store.setSetting}). */
export interface SettingOptions {
  /** The setting expires this many milliseconds after it was written. */
  ttlMs?: number;
  /** The pseudonymous key of the user the setting is about: forgetting that user deletes it. */
  owner?: string;
}

/** One setting of a batch write ({@link Store.setSettings}); `value: undefined` deletes it. */
export interface SettingEntry {
  key: string;
  value: string | undefined;
  opts?: SettingOptions;
}

/** One setting of a batch claim ({@link Store.claimSettings}). */
export interface ClaimEntry {
  key: string;
  value: string;
  opts?: SettingOptions;
}

/**
 * Where the bot keeps state. Implementations: memory (tests), lowdb (embedded default), redis (scale-out).
 * All keys are pseudonymous (see `privacy/keys.ts`).
 */
export interface Store {
  /** Reads a user's state. */
  get(key: string): Promise<UserState | undefined>;
  /**
   * Atomically updates one user. `fn` must be pure: optimistic stores may call it more than once.
   * Each call gets its own copy of the state (never the stored object), which it may change and
   * return as `next`.
   * Returning `next: undefined` deletes the user's state.
   */
  update<R>(key: string, fn: (prev: UserState | undefined) => Update<R>): Promise<R>;
  /** Deletes a user's state, every analytics event tied to their key and the settings they own. True if anything was removed. */
  forget(key: string): Promise<boolean>;
  /** Appends analytics events. */
  record(events: readonly AnalyticsEvent[]): Promise<void>;
  /** Reads analytics events at or after `since`. */
  events(since?: Date): AsyncIterable<AnalyticsEvent>;
  /**
   * The UTC days that hold events, oldest first, each with a size that changes whenever that
   * day's events change (appended, forgotten, purged): bytes on lowdb, entries on Redis. Lets the
   * support console keep per-day totals and know when one is out of date. Optional.
   */
  eventDays?(): Promise<{ day: string; size: number }[]>;
  /** Deletes users idle since before `cutoff` with their events and settings, events older than `cutoff` and expired settings. Returns users removed. */
  purgeIdle(cutoff: Date): Promise<number>;
  /** Number of stored users. */
  size(): Promise<number>;
  /**
   * Reads a small setting that is not about one user, such as a Discord server's default
   * language, under a pseudonymous key. Every store keeps settings durably as it keeps users.
   *
   * @example await store.getSetting(`discord-guild-locale:${engine.pseudonym("discord-guild", guildId)}`)
   */
  getSetting(key: string): Promise<string | undefined>;
  /**
   * Writes a setting durably; `undefined` deletes it.
   * With `ttlMs` the setting expires (reads return `undefined`); with `owner` (a user's
   * pseudonymous key) `forget(owner)` deletes it along with the user, for settings about one
   * user that live outside their state, such as a support ticket's route back to them.
   *
   * @example await store.setSetting(`ticket:${ticket}`, sealed, { ttlMs: 7 * 86_400_000, owner: engine.keyOf(user) })
   */
  setSetting(key: string, value: string | undefined, opts?: SettingOptions): Promise<void>;
  /**
   * Writes a setting only when none is live under `key` (an expired one counts as absent); true
   * when this call wrote it. The building block of leases and write-once records such as the
   * outbox's delivery records (`src/engine/outbox.ts`); on Redis it is `SET NX PX`.
   *
   * @example if (await store.claimSetting(`lease:${id}:${key}`, worker, { ttlMs: 30_000 })) send()
   */
  claimSetting(key: string, value: string, opts?: SettingOptions): Promise<boolean>;
  /** Many {@link Store.getSetting} in one call (one round trip on Redis), values in order. Optional: see `store/setting-batch.ts`. */
  getSettings?(keys: readonly string[]): Promise<(string | undefined)[]>;
  /** Many {@link Store.setSetting} in one call (one journal append on lowdb, one pipeline on Redis), durable when it resolves. Optional. */
  setSettings?(entries: readonly SettingEntry[]): Promise<void>;
  /** Many {@link Store.claimSetting} in one call, each checked and written atomically (one script on Redis); results in order. Optional. */
  claimSettings?(entries: readonly ClaimEntry[]): Promise<boolean[]>;
  /** Every live setting whose key starts with `prefix`, as `[key, value]`, in no particular order (subscribers, an update's deliveries). */
  listSettings(prefix: string): AsyncIterable<[string, string]>;
  /**
   * What the store knows of its own health, without a round trip: memory is always ok; lowdb is
   * degraded while the disk refuses writes (the OS code); Redis while its connection is not ready.
   * Optional (a store without it counts as ok); the guarded store adds failed calls and deadlines.
   */
  health?(): StoreHealth;
  /** Writes anything pending to durable storage. */
  flush(): Promise<void>;
  /** Flushes and releases resources. */
  close(): Promise<void>;
}
