import type { StoreHealth, StoreLogger } from "./store.js";

/** The disk refused a write: updates are refused until a retry succeeds (`code` as the OS gave it, e.g. ENOSPC). */
export class StoreWriteError extends Error {
  constructor(readonly code: string) {
    super(`the store cannot write to disk (${code}); retrying`);
    this.name = "StoreWriteError";
  }
}

const codeOf = (err: unknown) => {
  const c = (err as { code?: unknown } | undefined)?.code;
  return typeof c === "string" ? c : err instanceof Error ? err.name : "unknown";
};

/**
 * lowdb's view of a failing disk: since when, with which code, and when to try again (the wait
 * doubles from `flushMs` up to `maxRetryMs`). One log line when the outage starts and one when the
 * first write works again; codes and timings only, never content.
 */
export interface DiskOutage {
  /** Throws {@link StoreWriteError} while the disk fails (updates are refused). */
  throwIfDown(): void;
  /** True while the disk fails and the next retry is not due yet. */
  waiting(): boolean;
  /** A write failed: starts the outage (logged once) or schedules the next retry. */
  failed(err: unknown): void;
  /** A write worked: ends the outage, if any (logged). */
  recovered(): void;
  /** Degraded while the disk fails, with the OS code and since when. */
  health(): StoreHealth;
}

/** Creates the outage tracker of one lowdb store. */
export function createDiskOutage(o: { now: () => number; flushMs: number; maxRetryMs: number; logger?: StoreLogger }): DiskOutage {
  /** While the disk fails: since when, with which code, and when to try again. Cleared by the first write that works. */
  let outage: { code: string; since: number; attempts: number; retryAt: number } | undefined;
  return {
    throwIfDown() {
      if (outage) throw new StoreWriteError(outage.code);
    },
    waiting: () => outage !== undefined && o.now() < outage.retryAt,
    failed(err) {
      const code = codeOf(err);
      if (!outage) {
        outage = { code, since: o.now(), attempts: 0, retryAt: 0 };
        o.logger?.error({ store: "lowdb", code }, "store: writing to disk failed; updates are refused and the write is retried");
      }
      outage.attempts++;
      outage.retryAt = o.now() + Math.min(o.maxRetryMs, o.flushMs * 2 ** outage.attempts);
    },
    health: () => (outage ? { ok: false, reason: `disk write failed (${outage.code})`, since: new Date(outage.since).toISOString() } : { ok: true }),
    recovered() {
      if (outage) {
        o.logger?.info({ store: "lowdb", code: outage.code, downMs: o.now() - outage.since, attempts: outage.attempts }, "store: writing to disk works again");
        outage = undefined;
      }
    },
  };
}
