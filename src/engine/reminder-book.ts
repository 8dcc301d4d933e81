import { createSealer } from "../privacy/seal.js";
import type { Store } from "../store/store.js";
import type { UserRef } from "./events.js";

/** A reminder as the store keeps it: whose (pseudonymous key), which task step, when, and in which language. */
export interface Reminder {
  key: string;
  task: string;
  step: string;
  /** When it falls due (before quiet hours are applied). */
  due: Date;
  locale: string;
}

/** A reminder with the platform route back to its user, opened for the sender. */
export interface RoutedReminder extends Reminder {
  platform: string;
  userId: string;
}

/** A reminder change a turn decided; the engine carries it out after the turn's update. */
export type ReminderOp = { op: "set"; task: string; step: string; due: Date; locale: string } | { op: "cancel"; task: string; step: string };

/** A reminder nobody could deliver is dropped this long after it fell due (the bot was down for weeks). */
export const REMINDER_GRACE_MS = 30 * 86_400_000;

const PREFIX = "reminder:";

/**
 * Where reminders live: one setting per reminder, `reminder:<key>:<task>:<step>`, holding the due
 * time, the locale and the platform route back sealed (AES-256-GCM, bound to the key) like a
 * subscriber's. No message text: the text is the pack's, read when it is sent. The setting is
 * not owned by the user, so the idle-retention purge keeps a reminder the user asked for; the
 * engine deletes it on `/forget`, and it expires {@link REMINDER_GRACE_MS} after it fell due.
 */
export interface ReminderBook {
  /** Writes (or moves) a reminder. */
  set(user: Pick<UserRef, "platform" | "userId">, r: Reminder): Promise<void>;
  /** Deletes one reminder; with `ifDue`, only if it is still due then (it was not snoozed meanwhile). True if it removed one. */
  remove(key: string, task: string, step: string, ifDue?: Date): Promise<boolean>;
  /** Deletes every reminder of a user (`/forget`, a user who blocked the bot). */
  cancelAll(key: string): Promise<number>;
  /** A user's reminders, soonest first. */
  list(key: string): Promise<Reminder[]>;
  /** Every reminder whose route opens (one sealed under another secret is skipped), in no order. */
  all(): AsyncIterable<RoutedReminder>;
}

interface Stored {
  due: string;
  l: string;
  r: string;
}

const name = (key: string, task: string, step: string) => `${PREFIX}${key}:${task}:${step}`;

function parse(setting: string, value: string): (Reminder & { sealed: string }) | undefined {
  const [key, task, step] = setting.slice(PREFIX.length).split(":");
  if (!key || !task || !step) return undefined;
  try {
    const v = JSON.parse(value) as Partial<Stored>;
    const due = new Date(String(v.due));
    if (Number.isNaN(due.getTime()) || typeof v.l !== "string" || typeof v.r !== "string") return undefined;
    return { key, task, step, due, locale: v.l, sealed: v.r };
  } catch {
    // A value this code did not write: not a reminder.
    return undefined;
  }
}

/** The reminder book over the store's settings; `clock` sets the expiry of what it writes. */
export function createReminderBook(store: Store, sealKey: Buffer, clock: () => Date): ReminderBook {
  const sealer = createSealer(sealKey);
  const mine = async (key: string) => {
    const out: (Reminder & { sealed: string })[] = [];
    for await (const [k, v] of store.listSettings(`${PREFIX}${key}:`)) {
      const r = parse(k, v);
      if (r && r.key === key) out.push(r);
    }
    return out.sort((a, b) => a.due.getTime() - b.due.getTime());
  };
  return {
    async set(user, r) {
      const value: Stored = { due: r.due.toISOString(), l: r.locale, r: sealer.seal(r.key, JSON.stringify([user.platform, user.userId])) };
      const ttlMs = Math.max(60_000, r.due.getTime() + REMINDER_GRACE_MS - clock().getTime());
      await store.setSetting(name(r.key, r.task, r.step), JSON.stringify(value), { ttlMs });
    },
    async remove(key, task, step, ifDue) {
      const n = name(key, task, step);
      const v = await store.getSetting(n);
      if (v === undefined) return false;
      if (ifDue && parse(n, v)?.due.getTime() !== ifDue.getTime()) return false;
      await store.setSetting(n, undefined);
      return true;
    },
    async cancelAll(key) {
      const rs = await mine(key);
      for (const r of rs) await store.setSetting(name(key, r.task, r.step), undefined);
      return rs.length;
    },
    list: async (key) => (await mine(key)).map(({ sealed: _sealed, ...r }) => r),
    async *all() {
      for await (const [k, v] of store.listSettings(PREFIX)) {
        const r = parse(k, v);
        const opened = r && sealer.unseal(r.key, r.sealed);
        if (!r || opened === undefined) continue;
        const [platform, userId] = JSON.parse(opened) as unknown[];
        if (typeof platform !== "string" || typeof userId !== "string") continue;
        const { sealed: _sealed, ...rest } = r;
        yield { ...rest, platform, userId };
      }
    },
  };
}
