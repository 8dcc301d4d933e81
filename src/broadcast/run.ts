import type { RunningChannel } from "../channel.js";
import type { ContentPack } from "../content/pack.js";
import type { Engine } from "../engine/engine.js";
import { createOutbox, type Outbox } from "../engine/outbox.js";
import { postToPlaces, type PlacesReport } from "../engine/places.js";
import type { PushOutcome } from "../engine/reminder-scheduler.js";
import type { Subscriber } from "../engine/subscribers.js";
import type { Logger } from "../logger.js";
import type { Store } from "../store/store.js";
import type { Dispatcher } from "./dispatcher.js";
import { broadcastReplies, targetPacks, type BroadcastFile } from "./file.js";

/** Sends to this many subscribers at once (the dispatcher still holds each platform to its rate). */
export const BROADCAST_WORKERS = 32;

/** How a broadcast went, for the command's report and `stats`. */
export interface BroadcastReport {
  id: string;
  sent: number;
  failed: number;
  unsubscribed: number;
  /** Not delivered yet: the platform asked to wait, its channel is not running here, or another instance holds it. Run the command again. */
  remaining: number;
  /** Delivered by an earlier run (or another instance); not sent again. */
  done: number;
  /** A sender died mid-request (kill -9) before the platform's answer was recorded: not sent again (docs/faults.md). */
  unconfirmed: number;
  /** Posts to public places (e.g. Discord updates channels), if any channel has them. */
  places?: PlacesReport;
}

/** Progress after each recipient; `total` (the subscribers counted before the run) when the caller knows it. */
export type BroadcastProgress = BroadcastReport & { seen: number; total?: number };

/** What {@link runBroadcast} needs. */
export interface RunBroadcastOptions {
  file: BroadcastFile;
  /** The engine (a pack set's per-pack engines are used one by one). */
  engine: Engine;
  store: Store;
  channels: readonly RunningChannel[];
  dispatcher: Dispatcher;
  /** Outbox worker id; the same id takes back its own leases after a crash (one process per lowdb folder). */
  worker: string;
  outbox?: Outbox;
  /** Only this pack's subscribers (`--pack`). */
  pack?: string;
  /** Only this platform's subscribers and places (`--channel`). */
  channel?: string;
  workers?: number;
  /** Recipients per lease batch (default: a quarter second at the fastest channel's rate, 16 to {@link BROADCAST_BATCH}). */
  batch?: number;
  /** Sends again to the recipients recorded `unconfirmed` (a possible double, the operator's choice). */
  resendUnconfirmed?: boolean;
  onProgress?(p: BroadcastProgress): void;
  logger?: Logger;
}

/** The per-pack engines of a pack set, or the engine itself, with their packs. */
export function packEngines(engine: Engine): { engine: Engine; pack: ContentPack }[] {
  const set = engine as Partial<{ packs: readonly ContentPack[]; engineFor(id: string): Engine | undefined }>;
  if (!set.packs || typeof set.engineFor !== "function") return [{ engine, pack: engine.pack }];
  return set.packs.flatMap((p) => {
    const e = set.engineFor?.(p.meta.id);
    return e ? [{ engine: e, pack: p }] : [];
  });
}

/** The subscribers a broadcast goes to, with their pack and engine. */
export async function* recipients(o: Pick<RunBroadcastOptions, "file" | "engine" | "pack" | "channel">): AsyncIterable<{ sub: Subscriber; pack: ContentPack; engine: Engine }> {
  const all = packEngines(o.engine);
  const targets = new Set(targetPacks(o.file, all.map((a) => a.pack)).map((p) => p.meta.id));
  for (const { engine, pack } of all) {
    if (!targets.has(pack.meta.id) || (o.pack && o.pack !== pack.meta.id)) continue;
    for await (const sub of engine.subscribers.list()) if (!o.channel || sub.platform === o.channel) yield { sub, pack, engine };
  }
}

/** The recipient's language: their chosen or detected locale when the pack has it, else the pack's default. */
export async function localeOf(store: Store, key: string, pack: ContentPack): Promise<string> {
  const l = (await store.get(key).catch(() => undefined))?.locale;
  return l && pack.meta.locales.includes(l) ? l : pack.meta.defaultLocale;
}

/** Records an unsubscribe found by a send (blocked bot, closed DMs): no route, no reminders, `updates` off in the state. */
async function unsubscribe(engine: Engine, store: Store, key: string): Promise<void> {
  await engine.subscribers.remove(key);
  await engine.reminders.cancelAll(key);
  const at = new Date().toISOString();
  await store.update(key, (prev) => ({ next: prev ? { ...prev, updates: { on: false, at } } : undefined, result: undefined }));
}

/** The most recipients leased (and their records read) per store call. */
export const BROADCAST_BATCH = 256;

type Recipient = { sub: Subscriber; pack: ContentPack; engine: Engine };
type Job = Recipient & { push: NonNullable<RunningChannel["push"]>; locale: string };

/**
 * Sends one update to every subscriber (and posts it to the channels' public places). Recipients
 * go in batches of {@link BROADCAST_BATCH}: one `outbox.takeMany` leases a batch (records read and
 * leases claimed in one store call each) while the previous batch is being sent; per recipient the
 * dispatcher's slot and token, `outbox.begin` (the durable "sending" mark, group-committed with the
 * others in flight), the channel's `push` in the recipient's language, `outbox.finish` (likewise).
 *
 * Never doubled: an id recorded for a recipient (or marked as being sent) is never sent again by
 * any run or instance. A kill between a mark and its record leaves at most the messages in flight
 * (the dispatcher's `concurrency`) `unconfirmed`: not re-sent, counted, and re-sent only with
 * `resendUnconfirmed` (docs/faults.md). A recipient another worker holds, or whose platform asked
 * to wait ("later"), is left for the next run (`remaining`); a failure or an exception is that
 * recipient's alone and never stops the run. "unsubscribed" removes the subscriber, cancels their
 * reminders and records `updates: off`. The final report is also kept in the setting
 * `broadcast:<id>` for `afterleak stats`.
 */
export async function runBroadcast(o: RunBroadcastOptions): Promise<BroadcastReport> {
  const outbox = o.outbox ?? createOutbox(o.store, { worker: o.worker });
  const id = o.file.id;
  const report: BroadcastReport = { id, sent: 0, failed: 0, unsubscribed: 0, unconfirmed: 0, remaining: 0, done: 0 };
  let seen = 0;
  const progress = () => o.onProgress?.({ ...report, seen });
  const count = (k: "done" | "remaining" | "unconfirmed" | "busy") => {
    report[k === "busy" ? "remaining" : k]++;
    seen++;
  };

  /** Leases one batch; the jobs to send, each with its channel's push and the recipient's language. */
  const lease = async (batch: Recipient[]): Promise<Job[]> => {
    const routed = batch.flatMap((b) => {
      const push = o.channels.find((c) => c.name === b.sub.platform && c.push)?.push;
      if (!push) count("remaining");
      return push ? [{ ...b, push }] : [];
    });
    let took: Awaited<ReturnType<Outbox["takeMany"]>>;
    try {
      took = await outbox.takeMany(id, routed.map((b) => b.sub.key), { resendUnconfirmed: o.resendUnconfirmed ?? false })
    } catch (err) {
      // A store error on a batch: left for the next run, the rest go on.
      o.logger?.warn({ err }, "broadcast: a batch could not be leased; left for the next run")
      for (const _ of routed) count("remaining");
      progress();
      return [];
    }
    const taken = routed.filter((b, i) => took[i] === "taken" || (count(took[i] as "done" | "busy" | "unconfirmed"), false));
    const locales = await Promise.all(taken.map((b) => localeOf(o.store, b.sub.key, b.pack)));
    progress();
    return taken.map((b, i) => ({ ...b, locale: locales[i]! }));
  };

  const one = async (j: Job) => {
    const r: { outcome: PushOutcome | "elsewhere" } = { outcome: "later" };
    await o.dispatcher.send(j.sub.platform, j.sub.key, async (go) => {
      if (!(await outbox.begin(id, j.sub.key))) return ((r.outcome = "elsewhere"), "later");
      let outcome: PushOutcome;
      try {
        await go();
        outcome = await j.push({ userId: j.sub.userId }, { locale: j.locale, replies: broadcastReplies(o.file, j.locale, j.pack.meta.defaultLocale) });
      } catch (err) {
        o.logger?.warn({ err, platform: j.sub.platform }, "broadcast: push threw; recorded as failed");
        outcome = "failed";
      }
      // Inside the slot: at most `concurrency` recipients are ever marked but not recorded.
      await outbox.finish(id, j.sub.key, outcome);
      return (r.outcome = outcome);
    });
    const outcome = r.outcome;
    // Another worker's record appeared after the lease (its lease had expired): delivered there.
    if (outcome === "elsewhere") return void report.done++;
    if (outcome === "later") return void report.remaining++;
    if (outcome === "unsubscribed") await unsubscribe(j.engine, o.store, j.sub.key);
    report[outcome]++;
  };

  // A producer leases batch after batch while the workers send: a batch is a quarter second at
  // the fastest channel's rate (16..256), the next one leased once the queue is down to two
  // slots' worth, so a crash leaves few leased and unsent and instances share a small broadcast.
  const limits = o.channels.map((c) => o.dispatcher.limit(c.name));
  const size = o.batch ?? Math.round(Math.min(BROADCAST_BATCH, Math.max(16, ...limits.map((l) => l.perSecond / 4))));
  const low = Math.min(size, Math.max(2, ...limits.map((l) => 2 * l.concurrency)));
  const queue: Job[] = [];
  let producing = true;
  let wake: (() => void)[] = [];
  const notify = () => {
    const w = wake;
    wake = [];
    for (const f of w) f();
  };
  const idle = () => new Promise<void>((r) => wake.push(r));
  const producer = (async () => {
    try {
      const flush = async (batch: Recipient[]) => {
        while (queue.length >= low) await idle();
        queue.push(...(await lease(batch)));
        notify();
      };
      let batch: Recipient[] = [];
      for await (const r of recipients(o)) {
        batch.push(r);
        if (batch.length < size) continue;
        await flush(batch);
        batch = [];
      }
      if (batch.length) await flush(batch);
    } finally {
      producing = false;
      notify();
    }
  })();
  const worker = async () => {
    for (;;) {
      const j = queue.shift();
      if (!j) {
        if (!producing) return;
        await idle();
        continue;
      }
      if (queue.length < low) notify();
      try {
        await one(j);
      } catch (err) {
        // A store error on one recipient: left for the next run (a mark already made stays: unconfirmed).
        o.logger?.warn({ err }, "broadcast: one recipient failed; left for the next run");
        report.remaining++;
      }
      seen++;
      progress();
    }
  };
  await Promise.all([producer, ...Array.from({ length: o.workers ?? BROADCAST_WORKERS }, worker)]);

  const withPlaces = o.channels.filter((c) => c.places && (!o.channel || c.name === o.channel));
  if (withPlaces.length) {
    const first = packEngines(o.engine).find((p) => !o.pack || p.pack.meta.id === o.pack)?.pack ?? o.engine.pack;
    report.places = await postToPlaces({
      update: o.file.id,
      channels: withPlaces,
      outbox,
      message: (l) => {
        const locale = l && first.meta.locales.includes(l) ? l : first.meta.defaultLocale;
        return { locale, replies: broadcastReplies(o.file, locale, first.meta.defaultLocale) };
      },
      pace: (channel, place) => o.dispatcher.pace(channel, place.key),
    });
  }
  await o.store.setSetting(`${BROADCAST_REPORT_PREFIX}${o.file.id}`, JSON.stringify({ ...report, at: new Date().toISOString() }));
  progress();
  return report;
}

/** Settings holding each broadcast's last report (no user data), read by `stats`. */
export const BROADCAST_REPORT_PREFIX = "broadcast:";

/** Every broadcast's last report, newest first. */
export async function broadcastReports(store: Store): Promise<(BroadcastReport & { at: string })[]> {
  const out: (BroadcastReport & { at: string })[] = [];
  for await (const [, v] of store.listSettings(BROADCAST_REPORT_PREFIX)) {
    try {
      out.push(JSON.parse(v) as BroadcastReport & { at: string });
    } catch {
      // not a report
    }
  }
  return out.sort((a, b) => b.at.localeCompare(a.at));
}

/** One update's figures for `afterleak stats`: deliveries recorded in the outbox over every run, and what the last run left. */
export interface BroadcastFigures {
  id: string;
  /** When the last run ended. */
  at: string;
  sent: number;
  failed: number;
  unsubscribed: number;
  /** Killed mid-request, not sent again (docs/faults.md). */
  unconfirmed: number;
  /** Left for the next run by the last one. */
  remaining: number;
  places?: PlacesReport;
}

/** Every broadcast's figures, newest first: the outbox's counts (all runs and instances together) and the last report's `remaining`. */
export async function broadcastFigures(store: Store): Promise<BroadcastFigures[]> {
  const outbox = createOutbox(store, { worker: "stats" });
  const out: BroadcastFigures[] = [];
  for (const r of await broadcastReports(store)) {
    const c = await outbox.counts(r.id);
    out.push({ id: r.id, at: r.at, ...c, remaining: r.remaining, ...(r.places ? { places: r.places } : {}) });
  }
  return out;
}
