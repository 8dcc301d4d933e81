import type { AnalyticsEvent } from "./state.js";

/** Analytics events waiting to be written together (see {@link createEventBuffer}). */
export interface EventBuffer {
  push(events: readonly AnalyticsEvent[]): void;
  /** Writes everything waiting; rejects if a write fails (the events stay queued and are retried). */
  flush(): Promise<void>;
  /** Drops the waiting events of one user; true if there were any. */
  dropKey(key: string): boolean;
}

/**
 * Collects analytics events and writes them in batches of `batch`, at the latest `flushMs` after
 * the first one arrives: one write per many messages instead of one per message. While writes
 * fail, at most `max` events wait (the oldest are dropped; analytics are not worth unbounded memory).
 */
export function createEventBuffer(opts: { write: (batch: AnalyticsEvent[]) => Promise<void>; flushMs: number; batch: number; max: number }): EventBuffer {
  let pending: AnalyticsEvent[] = [];
  let timer: NodeJS.Timeout | undefined;
  let writing: Promise<void> = Promise.resolve();
  // A failure reaches whoever calls flush(); a timer has no one to tell, so it only retries.
  const later = (ms: number) => setTimeout(() => void flush().catch(() => undefined), ms).unref();
  const flush = (): Promise<void> => {
    clearTimeout(timer);
    timer = undefined;
    const done = writing.then(async () => {
      while (pending.length > 0) {
        const batch = pending.splice(0, opts.batch);
        try {
          await opts.write(batch);
        } catch (err) {
          pending.unshift(...batch);
          timer ??= later(opts.flushMs * 10);
          throw err;
        }
      }
    });
    writing = done.catch(() => undefined);
    return done;
  };
  return {
    push(events) {
      pending.push(...events);
      if (pending.length > opts.max) pending.splice(0, pending.length - opts.max);
      if (pending.length >= opts.batch) void flush().catch(() => undefined); // retried by the timer
      else timer ??= later(opts.flushMs);
    },
    flush,
    dropKey(key) {
      const before = pending.length;
      pending = pending.filter((e) => e.key !== key);
      return pending.length !== before;
    },
  };
}
