import { randomBytes } from "node:crypto";
import { createDispatcher, type Dispatcher } from "./broadcast/dispatcher.js";
import type { RunningChannel } from "./channel.js";
import type { Engine } from "./engine/engine.js";
import { createOutbox } from "./engine/outbox.js";
import type { QuietHours } from "./engine/quiet-hours.js";
import { createReminderScheduler, type ReminderScan, type ReminderScheduler, type ReminderSender } from "./engine/reminder-scheduler.js";
import type { Logger } from "./logger.js";
import type { Store } from "./store/store.js";

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
  /** The process's dispatcher (platform limits, users' traffic first); default: one of its own. */
  dispatcher?: Dispatcher;
  /** 0: no pacing at all (tests). */
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
 * platform not running here keeps its reminders for later), paced by the process's dispatcher
 * (src/broadcast/dispatcher.ts: each platform's limits, users' replies first). Stop it before the store closes.
 */
export function startReminderService(o: ReminderServiceOptions): ReminderService {
  const worker = `${process.pid}-${randomBytes(4).toString("hex")}`;
  const outbox = createOutbox(o.store, { worker });
  const dispatcher = o.dispatcher ?? createDispatcher(o.paceMs === 0 ? { limits: Object.fromEntries(o.channels.map((c) => [c.name, { perSecond: 1e6, burst: 1e6, perRecipientMs: 0 }])) } : {});

  const send: ReminderSender = async (to, message) => {
    const channel = o.channels.find((c) => c.name === to.platform && c.push);
    const push = channel?.push;
    if (!push) return "later";
    return dispatcher.send(to.platform, to.key, async (go) => {
      await go();
      return push({ userId: to.userId }, message);
    });
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
