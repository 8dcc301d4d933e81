import type { AnalyticsEvent, UserState } from "./state.js";
import type { ClaimEntry, SettingEntry, SettingOptions, Store, StoreHealth, Update } from "./store.js";

export type { StoreHealth } from "./store.js";

/** The store did not answer within the deadline, or failed: the turn was not applied. */
export class StoreUnavailableError extends Error {
  constructor(
    readonly reason: string,
    options?: { cause?: unknown },
  ) {
    super(`store unavailable: ${reason}`, options);
    this.name = "StoreUnavailableError";
  }
}

/** Options of {@link createGuardedStore}. */
export interface GuardOptions {
  /** Longest wait for one store call on the message path (default 2,000 ms). */
  deadlineMs?: number;
  clock?: () => Date;
  /** Called once when the store goes away and once when it is back (one log line each, never one per message). */
  onChange?(health: StoreHealth): void;
}

/** A store with bounded waits and a health state. */
export interface GuardedStore extends Store {
  health(): StoreHealth;
}

/**
 * Wraps a store so that no call waits longer than the deadline: past it (or on any failure) the
 * call rejects with {@link StoreUnavailableError} and the store is marked unavailable until a
 * call succeeds again. Writes are atomic in every store (compare-and-set in Redis, one in-memory
 * transition in lowdb), so a call that times out is either applied whole or not at all; the
 * Redis client is configured not to queue or resend commands while disconnected (see
 * `redis.ts`), so a rejected update is not applied later behind the user's back.
 *
 * @example
 * const store = createGuardedStore(await openStore(config), { deadlineMs: 2000, onChange: (h) => log(h) });
 */
export function createGuardedStore(inner: Store, opts: GuardOptions = {}): GuardedStore {
  const deadlineMs = opts.deadlineMs ?? 2000;
  const clock = opts.clock ?? (() => new Date());
  let health: StoreHealth = { ok: true };

  const down = (reason: string) => {
    if (!health.ok) return;
    health = { ok: false, reason, since: clock().toISOString() };
    opts.onChange?.(health);
  };
  const up = () => {
    if (health.ok) return;
    health = { ok: true };
    opts.onChange?.(health);
  };

  function guard<T>(work: () => Promise<T>): Promise<T> {
    return new Promise<T>((resolve, reject) => {
      let settled = false;
      const timer = setTimeout(() => {
        if (settled) return;
        settled = true;
        down(`no answer within ${deadlineMs} ms`);
        reject(new StoreUnavailableError(`no answer within ${deadlineMs} ms`));
      }, deadlineMs);
      timer.unref?.();
      let p: Promise<T>;
      try {
        p = work();
      } catch (err) {
        p = Promise.reject(err);
      }
      p.then(
        (value) => {
          clearTimeout(timer);
          up();
          if (settled) return;
          settled = true;
          resolve(value);
        },
        (err: unknown) => {
          clearTimeout(timer);
          if (settled) return;
          settled = true;
          const reason = errorCode(err);
          down(reason);
          reject(new StoreUnavailableError(reason, { cause: err }));
        },
      );
    });
  }

  return {
    // A failed call or a missed deadline first, then what the store knows of itself (a dropped connection).
    health: () => (health.ok ? (inner.health?.() ?? health) : health),
    get: (key: string): Promise<UserState | undefined> => guard(() => inner.get(key)),
    update: <R>(key: string, fn: (prev: UserState | undefined) => Update<R>): Promise<R> => guard(() => inner.update(key, fn)),
    forget: (key: string) => guard(() => inner.forget(key)),
    record: (events: readonly AnalyticsEvent[]) => guard(() => inner.record(events)),
    // Reading analytics is for reports, not the message path: no deadline.
    events: (since?: Date) => inner.events(since),
    ...(inner.eventDays ? { eventDays: () => inner.eventDays!() } : {}),
    purgeIdle: (cutoff: Date) => inner.purgeIdle(cutoff),
    size: () => guard(() => inner.size()),
    getSetting: (key: string) => guard(() => inner.getSetting?.(key) ?? Promise.resolve(undefined)),
    setSetting: (key: string, value: string | undefined, o?: SettingOptions) => guard(() => inner.setSetting?.(key, value, o) ?? Promise.resolve()),
    claimSetting: (key: string, value: string, o?: SettingOptions) => guard(() => inner.claimSetting(key, value, o)),
    ...(inner.getSettings ? { getSettings: (keys: readonly string[]) => guard(() => inner.getSettings!(keys)) } : {}),
    ...(inner.setSettings ? { setSettings: (entries: readonly SettingEntry[]) => guard(() => inner.setSettings!(entries)) } : {}),
    ...(inner.claimSettings ? { claimSettings: (entries: readonly ClaimEntry[]) => guard(() => inner.claimSettings!(entries)) } : {}),
    // Listing is for the broadcast sender, not the message path: no deadline.
    listSettings: (prefix: string) => inner.listSettings(prefix),
    flush: () => inner.flush(),
    close: () => inner.close(),
  };
}

/** A short, content-free reason for a failure (error code or class), for health and logs. */
function errorCode(err: unknown): string {
  if (err && typeof err === "object") {
    const e = err as { code?: unknown; name?: unknown; message?: unknown };
    if (typeof e.code === "string") return e.code;
    if (typeof e.message === "string" && /connection is closed|stream isn't writeable|offline queue/i.test(e.message)) return "connection closed";
    if (typeof e.name === "string") return e.name;
  }
  return "error";
}
