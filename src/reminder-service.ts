import { randomBytes } from "node:crypto";
import type { RunningChannel } from "./channel.js";
import type { Engine } from "./engine/engine.js";
import { createOutbox } from "./engine/outbox.js";
import type { QuietHours } from "./engine/quiet-hours.js";
import { createReminderScheduler, type ReminderScan, type ReminderScheduler, type ReminderSender } from "./engine/reminder-scheduler.js";
import type { Logger } from "./logger.js";
import type { Store } from "./store/store.js";

/** Least time between two messages the bot starts, all users together: Telegram's ≈30 messages/s. */
export const PUSH_PACE_MS = Math.ceil(1000 / 30);
/** Least time between two messages the bot starts to one user: Telegram's 1 message/s per chat. */
export const PUSH_PER_USER_MS = 1000;

/** The running reminder schedulers of one process. */
export interface ReminderService {
  /** Scans every pack's reminders once (tests; the service also scans by itself). */
  scan(): Promise<ReminderScan[]>;
  stop(): Promise<void>;
}

/** What {@link startReminderService} needs: the engine, the store and the started channels. */
export interface ReminderServiceOptions {
  engine: Engine;
  store: Store;
  channels: readonly RunningChannel[];
  quiet: QuietHours;
  logger: Logger;
  clock?: () => Date;
  intervalMs?: number;
  /** Scan at once and then on the interval (default); false: only when `scan` is called. */
  autoStart?: boolean;
  paceMs?: number;
}

/** The per-pack engines of a deployment of several packs (src/engine/pack-set.ts), or the engine itself. */
function enginesOf(engine: Engine): Engine[] {
  const set = engine as Partial<{ packs: readonly { meta: { id: string } }[]; engineFor(id: string): Engine | undefined }>;
  if (!set.packs || typeof set.engineFor !== "function") return [engine];
  return set.packs.flatMap((p) => set.engineFor?.(p.meta.id) ?? []);
}

/**
 * Starts delivering reminders in a process that runs channels (`afterleak start`): one scheduler
 * per pack, sending through the channel of the user's platform (its `push` capability; a
 * platform not running here keeps its reminders for later), paced within Telegram's limits
 * ({@link PUSH_PACE_MS} overall, {@link PUSH_PER_USER_MS} per user). Stop it before the store closes.
 */
export function startReminderService(o: ReminderServiceOptions): ReminderService {
  const paceMs = o.paceMs ?? PUSH_PACE_MS;
  const worker = `${process.pid}-${randomBytes(4).toString("hex")}`;
  const outbox = createOutbox(o.store, { worker });
  let next = 0;
  const lastByUser = new Map<string, number>();
  const wait = (ms: number) => (ms > 0 ? new Promise<void>((r) => setTimeout(r, ms)) : Promise.resolve());

  const send: ReminderSender = async (to, message) => {
    const channel = o.channels.find((c) => c.name === to.platform && c.push);
    if (!channel?.push) return "later";
    const now = Date.now();
    const slot = Math.max(now, next, (lastByUser.get(to.key) ?? 0) + PUSH_PER_USER_MS);
    next = slot + paceMs;
    await wait(slot - now);
    lastByUser.set(to.key, Date.now());
    if (lastByUser.size > 10_000) lastByUser.clear();
    return channel.push({ userId: to.userId }, message);
  };

  const schedulers: ReminderScheduler[] = enginesOf(o.engine).map((e) =>
    createReminderScheduler({
      book: e.reminders,
      pack: () => e.pack,
      outbox,
      send,
      // A user who blocked the bot gets no incident updates either (issue 17: a 403 removes the consent's route).
      onUnsubscribed: (key) => e.subscribers.remove(key),
      quiet: o.quiet,
      logger: o.logger,
      ...(o.clock ? { clock: o.clock } : {}),
      ...(o.intervalMs ? { intervalMs: o.intervalMs } : {}),
    }),
  );
  if (o.autoStart !== false) for (const s of schedulers) s.start();
  return {
    scan: () => Promise.all(schedulers.map((s) => s.scan())),
    async stop() {
      await Promise.all(schedulers.map((s) => s.stop()));
    },
  };
}
