import type { ContentPack } from "../content/pack.js";
import { serializeError } from "../logger.js";
import type { Outbox } from "./outbox.js";
import { isQuiet, type QuietHours } from "./quiet-hours.js";
import type { ReminderBook, RoutedReminder } from "./reminder-book.js";
import { reminderMessage } from "./reminders.js";
import type { Reply } from "./replies.js";

/** How often the scheduler looks for due reminders: every reminder goes out within a minute of its time. */
export const REMINDER_SCAN_MS = 30_000;

/**
 * How sending one message outside a turn ended: `sent`; `unsubscribed` (the user blocked the bot
 * or closed their DMs: their reminders are cancelled); `failed` (given up: recorded, not retried);
 * `later` (the channel is not running here or asked to wait: tried again on a later scan).
 */
export type PushOutcome = "sent" | "failed" | "unsubscribed" | "later";

/** Sends a message the bot starts (a reminder) to one user, within the platform's limits (the broadcast dispatcher). */
export type ReminderSender = (to: { platform: string; userId: string; key: string }, message: { locale: string; replies: Reply[] }) => Promise<PushOutcome>;

/** What one scan did. */
export interface ReminderScan {
  sent: number;
  failed: number;
  unsubscribed: number;
  /** Due but held back: quiet hours, the channel not running, another worker sending. */
  waiting: number;
  /** Dropped: the pack no longer has the step's reminder, or it was already delivered. */
  dropped: number;
}

/** Delivers due reminders: `scan` once (tests, with a fixed clock), `start` to scan now and every {@link REMINDER_SCAN_MS}. */
export interface ReminderScheduler {
  scan(): Promise<ReminderScan>;
  start(): void;
  /** Stops scanning and waits for a scan in progress. */
  stop(): Promise<void>;
}

/** What {@link createReminderScheduler} needs: the reminders, the pack they are read in, the outbox, a sender and the quiet hours. */
export interface ReminderSchedulerOptions {
  book: ReminderBook;
  /** The current content pack (a reload swaps it). */
  pack: () => ContentPack;
  /** The outbox broadcasts use: each reminder's delivery is recorded once, so none is sent twice. */
  outbox: Outbox;
  send: ReminderSender;
  clock?: () => Date;
  quiet: QuietHours;
  intervalMs?: number;
  /** Called once the platform said the user blocked the bot (after their reminders were cancelled): drop their other routes too. */
  onUnsubscribed?: (key: string) => Promise<void>;
  logger?: { warn(obj: object, msg: string): void; error(obj: object, msg: string): void };
}

/** The outbox id of one reminder's delivery: the step and the time it fell due (a snoozed reminder is a new one). */
export const reminderDeliveryId = (r: Pick<RoutedReminder, "task" | "step" | "due">) => `reminder.${r.task}.${r.step}.${r.due.getTime()}`;

/**
 * The reminder scheduler. A reminder due while the bot was down goes out on the first scan after
 * start; one due in quiet hours waits for their end. Delivery goes through the outbox (a lease,
 * then a write-once record), so several instances on one Redis never send a reminder twice.
 *
 * @example
 * const scheduler = createReminderScheduler({ book: engine.reminders, pack: () => engine.pack, outbox, send, quiet });
 * scheduler.start();
 */
export function createReminderScheduler(o: ReminderSchedulerOptions): ReminderScheduler {
  const clock = o.clock ?? (() => new Date());
  let timer: NodeJS.Timeout | undefined;
  let running: Promise<ReminderScan> | undefined;

  async function deliver(r: RoutedReminder, report: ReminderScan): Promise<void> {
    const id = reminderDeliveryId(r);
    const taken = await o.outbox.take(id, r.key);
    if (taken === "busy") return void report.waiting++;
    if (taken === "done") {
      // Sent before a crash, but the reminder was not yet removed.
      await o.book.remove(r.key, r.task, r.step, r.due);
      return void report.dropped++;
    }
    const message = reminderMessage(o.pack(), r);
    if (!message) {
      await o.outbox.settle(id, r.key, "failed");
      await o.book.remove(r.key, r.task, r.step, r.due);
      return void report.dropped++;
    }
    const outcome = await o.send({ platform: r.platform, userId: r.userId, key: r.key }, message);
    if (outcome === "later") return void report.waiting++;
    await o.outbox.settle(id, r.key, outcome);
    if (outcome === "unsubscribed") {
      await o.book.cancelAll(r.key);
      await o.onUnsubscribed?.(r.key);
    } else await o.book.remove(r.key, r.task, r.step, r.due);
    report[outcome]++;
  }

  async function scanOnce(): Promise<ReminderScan> {
    const report: ReminderScan = { sent: 0, failed: 0, unsubscribed: 0, waiting: 0, dropped: 0 };
    const now = clock().getTime();
    const quiet = isQuiet(new Date(now), o.quiet);
    const due: RoutedReminder[] = [];
    for await (const r of o.book.all()) {
      if (r.due.getTime() > now) continue;
      if (quiet) report.waiting++;
      else due.push(r);
    }
    due.sort((a, b) => a.due.getTime() - b.due.getTime());
    for (const r of due) {
      try {
        await deliver(r, report);
      } catch (err) {
        // A store or transport failure: the reminder stays and is tried again on a later scan.
        report.waiting++;
        o.logger?.error({ err: serializeError(err) }, "reminders: delivery failed");
      }
    }
    return report;
  }

  const scan = () => (running ??= scanOnce().finally(() => (running = undefined)));
  const scanLogged = () =>
    void scan().catch((err: unknown) => o.logger?.error({ err: serializeError(err) }, "reminders: scan failed"));

  return {
    scan,
    start() {
      if (timer) return;
      scanLogged();
      timer = setInterval(scanLogged, o.intervalMs ?? REMINDER_SCAN_MS);
      timer.unref();
    },
    async stop() {
      if (timer) clearInterval(timer);
      timer = undefined;
      await running?.catch(() => undefined);
    },
  };
}
