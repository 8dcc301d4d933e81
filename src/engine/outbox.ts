import type { Store } from "../store/store.js";

/** How one recipient's delivery of one update ended; recorded once, never overwritten. */
export const DELIVERY_STATUSES = ["sent", "failed", "unsubscribed"] as const;
export type DeliveryStatus = (typeof DELIVERY_STATUSES)[number];

/** How long a worker holds a recipient before another may take it (longer than any 429 wait). */
export const DEFAULT_LEASE_MS = 120_000;
/** Delivery records live this long, so an update id is never sent to the same person twice in that time. */
export const DELIVERY_TTL_MS = 400 * 86_400_000;

/** What {@link Outbox.take} found: the recipient is this worker's to send to, already done, or held by another worker. */
export type TakeOutcome = "taken" | "done" | "busy";

/** Counts of an update's deliveries by status. */
export type DeliveryCounts = Record<DeliveryStatus, number>;

/**
 * The outbox: per update id and recipient (a pseudonymous key), a lease while a worker sends and
 * a delivery record written once (`sent`, `failed` or `unsubscribed`). Built on the store's
 * `claimSetting` (Redis `SET NX PX`), so several instances on one Redis share a broadcast and a
 * restarted one resumes where the last stopped. Both records are owned by the recipient, so
 * `forget` deletes them with the user.
 *
 * A recipient whose sender died between the platform's answer and the record (kill -9) is taken
 * again once the lease expires: at most one message per dead worker can be doubled, and none is lost.
 */
export interface Outbox {
  /** Takes `recipient`'s delivery of `update` for this worker. */
  take(update: string, recipient: string): Promise<TakeOutcome>;
  /** Records how the delivery ended; false when it was already recorded (the first record wins). */
  settle(update: string, recipient: string, status: DeliveryStatus): Promise<boolean>;
  /** The recorded outcome, if any. */
  status(update: string, recipient: string): Promise<DeliveryStatus | undefined>;
  /** Counts of the recorded outcomes of `update`. */
  counts(update: string): Promise<DeliveryCounts>;
}

const isStatus = (s: string): s is DeliveryStatus => (DELIVERY_STATUSES as readonly string[]).includes(s);

/**
 * The outbox over a store.
 *
 * @example
 * const outbox = createOutbox(store, { worker: `pid-${process.pid}` });
 * if ((await outbox.take(id, key)) === "taken") await outbox.settle(id, key, await send());
 */
export function createOutbox(store: Store, opts: { worker: string; leaseMs?: number }): Outbox {
  const leaseMs = opts.leaseMs ?? DEFAULT_LEASE_MS;
  const record = (u: string, r: string) => `outbox:${u}:${r}`;
  const lease = (u: string, r: string) => `outbox-lease:${u}:${r}`;
  const status = async (u: string, r: string) => {
    const s = await store.getSetting(record(u, r));
    return s !== undefined && isStatus(s) ? s : undefined;
  };
  return {
    async take(u, r) {
      if (await status(u, r)) return "done";
      // A lease this worker id already holds is its own: a process restarted after a crash under
      // the same id (one process per lowdb folder) takes its recipients back at once.
      if (!(await store.claimSetting(lease(u, r), opts.worker, { ttlMs: leaseMs, owner: r })) && (await store.getSetting(lease(u, r))) !== opts.worker) return "busy";
      // Settled by another worker between the first look and the lease (its lease had just expired).
      return (await status(u, r)) ? "done" : "taken";
    },
    settle: (u, r, s) => store.claimSetting(record(u, r), s, { ttlMs: DELIVERY_TTL_MS, owner: r }),
    status,
    async counts(u) {
      const c: DeliveryCounts = { sent: 0, failed: 0, unsubscribed: 0 };
      for await (const [, v] of store.listSettings(`outbox:${u}:`)) if (isStatus(v)) c[v]++;
      return c;
    },
  };
}
