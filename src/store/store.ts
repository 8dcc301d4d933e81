import type { AnalyticsEvent, UserState } from "./state.js";

/** The outcome of an atomic update: the next state (undefined deletes the user) and a value to return. */
export interface Update<R> {
  next: UserState | undefined;
  result: R;
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
   * Returning `next: undefined` deletes the user's state.
   */
  update<R>(key: string, fn: (prev: UserState | undefined) => Update<R>): Promise<R>;
  /** Deletes a user's state and every analytics event tied to their key. True if anything was removed. */
  forget(key: string): Promise<boolean>;
  /** Appends analytics events. */
  record(events: readonly AnalyticsEvent[]): Promise<void>;
  /** Reads analytics events at or after `since`. */
  events(since?: Date): AsyncIterable<AnalyticsEvent>;
  /** Deletes users idle since before `cutoff` and their events, and events older than `cutoff`. Returns users removed. */
  purgeIdle(cutoff: Date): Promise<number>;
  /** Number of stored users. */
  size(): Promise<number>;
  /** Writes anything pending to durable storage. */
  flush(): Promise<void>;
  /** Flushes and releases resources. */
  close(): Promise<void>;
}
