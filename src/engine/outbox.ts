import { claimSettings, getSettings, setSettings } from "../store/setting-batch.js";
import type { SettingOptions, Store } from "../store/store.js";
import { groupCommit } from "./group-commit.js";

/**
 * How one recipient's delivery of one update ended; recorded once. `unconfirmed`: the sender died
 * (kill -9, crash) after marking the message as being sent and before the platform's answer was
 * recorded; whether the platform got it is unknown, and it is not sent again (see
 * {@link Outbox.begin}).
 */
export const DELIVERY_STATUSES = ["sent", "failed", "unsubscribed", "unconfirmed"] as const;
export type DeliveryStatus = (typeof DELIVERY_STATUSES)[number];

/** How long a worker holds a recipient before another may take it (longer than any 429 wait). */
export const DEFAULT_LEASE_MS = 120_000;
/** Delivery records live this long, so an update id is never sent to the same person twice in that time. */
export const DELIVERY_TTL_MS = 400 * 86_400_000;

/** What {@link Outbox.take} found: the recipient is this worker's to send to, already done, or held by another worker. */
export type TakeOutcome = "taken" | "done" | "busy";

/** What {@link Outbox.takeMany} found per recipient: {@link TakeOutcome}, or a dead sender's mark resolved as `unconfirmed` (not sent again). */
export type BatchTakeOutcome = TakeOutcome | "unconfirmed";

/** The value of a delivery record while its message is being sent (`sending <worker>`). */
export const SENDING = "sending";

/** Counts of an update's deliveries by status. */
export type DeliveryCounts = Record<DeliveryStatus, number>;

/**
 * The outbox: per update id and recipient (a pseudonymous key), a lease while a worker sends and
 * a delivery record written once (`sent`, `failed` or `unsubscribed`). Built on the store's
 * `claimSetting` (Redis `SET NX PX`), so several instances on one Redis share a broadcast and a
 * restarted one resumes where the last stopped. Both records are owned by the recipient, so
 * `forget` deletes them with the user.
 *
 * With `take`/`settle` (reminders, places) a recipient whose sender died between the platform's
 * answer and the record (kill -9) is taken again once the lease expires: at most the messages in
 * flight per dead worker can be doubled, none is lost. Broadcasts use `takeMany`/`begin`/`finish`,
 * which choose the other side: never doubled, and the few in flight at a kill are `unconfirmed`.
 */
export interface Outbox {
  /** Takes `recipient`'s delivery of `update` for this worker. */
  take(update: string, recipient: string): Promise<TakeOutcome>;
  /** Records how the delivery ended; false when it was already recorded (the first record wins). */
  settle(update: string, recipient: string, status: DeliveryStatus): Promise<boolean>;
  /**
   * Takes many recipients at once, for a broadcast: their records read in one call, their leases
   * claimed in one call (one script on Redis). A recipient whose record says `sending` while this
   * worker holds its lease had a sender that died mid-request: recorded `unconfirmed` and not
   * taken (with `resendUnconfirmed`, and for one already `unconfirmed`, taken again instead).
   */
  takeMany(update: string, recipients: readonly string[], o?: { resendUnconfirmed?: boolean }): Promise<BatchTakeOutcome[]>;
  /**
   * Marks a taken recipient's message as being sent, durably, right before the request (calls made
   * together share one store call); false when a record is already there (another worker's).
   * From here until {@link Outbox.finish} is durable, a kill leaves the recipient `unconfirmed`.
   */
  begin(update: string, recipient: string): Promise<boolean>;
  /** Records how a begun delivery ended (batched like `begin`) and drops its lease; `later` removes the mark (the lease stays), so a later run sends it. */
  finish(update: string, recipient: string, outcome: DeliveryStatus | "later"): Promise<void>;
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
  const isSending = (v: string | undefined) => v !== undefined && (v === SENDING || v.startsWith(`${SENDING} `));
  const begin = groupCommit((items: { u: string; r: string }[]) =>
    claimSettings(store, items.map(({ u, r }) => ({ key: record(u, r), value: `${SENDING} ${opts.worker}`, opts: { ttlMs: DELIVERY_TTL_MS, owner: r } }))),
  );
  // A recorded outcome makes the lease useless (the record is read first, and `begin` is the gate):
  // it is deleted with it, so a broadcast leaves one setting per recipient, not two.
  const finish = groupCommit(async (items: { u: string; r: string; s: DeliveryStatus | "later" }[]) => {
    await setSettings(
      store,
      items.flatMap(({ u, r, s }) => [
        { key: record(u, r), value: s === "later" ? undefined : s, opts: { ttlMs: DELIVERY_TTL_MS, owner: r } },
        ...(s === "later" ? [] : [{ key: lease(u, r), value: undefined, opts: {} }]),
      ]),
    );
    return items.map(() => undefined);
  });
  return {
    async takeMany(u, rs, o = {}) {
      const out: BatchTakeOutcome[] = [];
      const recs = await getSettings(store, rs.map((r) => record(u, r)));
      const open: number[] = [];
      rs.forEach((_, i) => {
        const v = recs[i];
        if (v === "unconfirmed" && !o.resendUnconfirmed) out[i] = "unconfirmed";
        else if (v !== undefined && v !== "unconfirmed" && !isSending(v)) out[i] = "done";
        else open.push(i);
      });
      const won = await claimSettings(store, open.map((i) => ({ key: lease(u, rs[i]!), value: opts.worker, opts: { ttlMs: leaseMs, owner: rs[i]! } })));
      // A lease this worker id already holds is its own (a restart under the same id, one process per lowdb folder).
      const lost = open.filter((_, j) => !won[j]);
      const holders = await getSettings(store, lost.map((i) => lease(u, rs[i]!)));
      const mine = new Set(open.filter((_, j) => won[j]));
      lost.forEach((i, j) => (holders[j] === opts.worker ? mine.add(i) : (out[i] = "busy")));
      // A mark read before the lease was won may be a live sender's that has since recorded its
      // outcome and dropped its lease (finish writes the record before it deletes the lease): read
      // again, so only a mark still there with its lease gone is a dead sender's.
      const marked = [...mine].filter((i) => isSending(recs[i]));
      (await getSettings(store, marked.map((i) => record(u, rs[i]!)))).forEach((v, j) => (recs[marked[j]!] = v));
      const resolve: { key: string; value: string | undefined; opts: SettingOptions }[] = [];
      for (const i of mine) {
        const r = rs[i]!;
        const v = recs[i];
        if (v !== undefined && v !== "unconfirmed" && !isSending(v)) out[i] = "done";
        else if (v === "unconfirmed" && !o.resendUnconfirmed) out[i] = "unconfirmed";
        else if (isSending(v) && !o.resendUnconfirmed) {
          // Its sender died between the mark and the record: the platform may have the message.
          resolve.push({ key: record(u, r), value: "unconfirmed", opts: { ttlMs: DELIVERY_TTL_MS, owner: r } });
          out[i] = "unconfirmed";
        } else {
          if (v !== undefined) resolve.push({ key: record(u, r), value: undefined, opts: {} });
          out[i] = "taken";
        }
      }
      await setSettings(store, resolve);
      return out;
    },
    begin: (u, r) => begin({ u, r }),
    finish: (u, r, s) => finish({ u, r, s }),
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
      const c: DeliveryCounts = { sent: 0, failed: 0, unsubscribed: 0, unconfirmed: 0 };
      for await (const [, v] of store.listSettings(`outbox:${u}:`)) if (isStatus(v)) c[v]++;
      return c;
    },
  };
}
