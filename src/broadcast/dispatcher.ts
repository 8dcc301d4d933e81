import { AsyncLocalStorage } from "node:async_hooks";
import type { PushOutcome } from "../engine/reminder-scheduler.js";

/** How fast the bot may start messages it sends on its own (broadcasts, reminders) on one platform. */
export interface PlatformLimit {
  /** Messages per second, all recipients together. */
  perSecond: number;
  /** Messages that may start at once after an idle spell (1: evenly spaced, never above `perSecond` in any second). */
  burst: number;
  /** Least time between two messages to the same recipient. */
  perRecipientMs: number;
  /** Most sends in flight at once (a slow answer does not hold the rate back). */
  concurrency: number;
}

/** Telegram: about 30 messages per second overall (its broadcast guidance), at most one per second to one chat. */
export const TELEGRAM_LIMIT: PlatformLimit = { perSecond: 30, burst: 1, perRecipientMs: 1000, concurrency: 8 };
/**
 * Discord: DMs well inside the REST limits (a DM channel create plus a message per user; the
 * global limit is 50 requests/s, and invalid requests can get the bot banned), so 5 users/s.
 * One DM per user per update is the outbox's rule, not a rate.
 */
export const DISCORD_LIMIT: PlatformLimit = { perSecond: 5, burst: 1, perRecipientMs: 1000, concurrency: 2 };
/** Any other platform (the web's "shown on next visit" only stores a message). */
export const DEFAULT_LIMIT: PlatformLimit = { perSecond: 50, burst: 1, perRecipientMs: 0, concurrency: 8 };
/** The defaults by platform name. */
export const DEFAULT_LIMITS: Readonly<Record<string, PlatformLimit>> = { telegram: TELEGRAM_LIMIT, discord: DISCORD_LIMIT };

/**
 * The outgoing budget a channel reports its own traffic to (handed to channels as
 * `ChannelContext.traffic`). Users' replies never wait for it; they take from it, and the
 * bot's own messages wait until it recovers.
 */
export interface TrafficMeter {
  /** One message the channel sent to a user (a reply): takes a token from the platform's budget now, even into debt. */
  spend(platform: string): void;
  /** The platform asked to wait (a 429's `retry_after`): no message of the bot's own starts before then. */
  pause(platform: string, ms: number): void;
}

/** Paces the bot's own messages per platform (see {@link createDispatcher}). */
export interface Dispatcher extends TrafficMeter {
  /**
   * Waits for the platform's budget and the recipient's spacing, then runs `fn` (one push) and
   * returns its outcome. `fn` calls `go` right before its platform request, after its own
   * bookkeeping (the outbox's "sending" mark): see {@link WINDOW_MS}.
   */
  send(platform: string, recipient: string, fn: (go: () => Promise<void>) => Promise<PushOutcome>): Promise<PushOutcome>;
  /** Waits for the platform's budget (a post to a place), without a per-recipient rule. */
  pace(platform: string, recipient?: string): Promise<void>;
  /** The limit in force for a platform. */
  limit(platform: string): PlatformLimit;
}

interface Lane {
  limit: PlatformLimit;
  tokens: number;
  last: number;
  pausedUntil: number;
  /** FIFO of waiters for a token, so the rate holds under any number of callers. */
  queue: Promise<void>;
  inFlight: number;
  waiting: (() => void)[];
  lastByRecipient: Map<string, number>;
  /** When the last `perSecond` requests went out (`go`), oldest first from `at`; empty above {@link WINDOW_MAX_RATE}. */
  starts: Float64Array;
  at: number;
  gate: Promise<void>;
}

const sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));

/**
 * Timers fire late (1 ms at best, several on a loaded machine): a bucket capped at one token would
 * throw that lateness away on every wait, so 1,000/s came out near 1,000/(1 ms + lateness). The
 * bucket holds {@link TIMER_SLACK_MS} of the rate (5 tokens at 1,000/s, under one below 200/s, so
 * a slow rate keeps `burst`; holding 1.15 at 30/s let 31 land within one second in the 100k bench).
 */
export const TIMER_SLACK_MS = 5;
const capOf = (limit: PlatformLimit) => Math.max(limit.burst, (limit.perSecond * TIMER_SLACK_MS) / 1000);
/**
 * Tokens come 1.5 % slower than `perSecond`: between a token and the platform's receipt lie the
 * outbox's "sending" mark and the HTTP request, whose few ms of jitter would otherwise let a 31st
 * message land within one second at 30/s (30/s gives 29.55/s, 15 ms of jitter to spare).
 */
export const RATE_MARGIN = 0.015;
/**
 * The bucket spaces the starts of `send` on average; between a start and the platform's request lie the
 * sender's own steps (the outbox's durable "sending" mark, rendering), whose delay varies by tens
 * of ms on a loaded machine. A late first message and an on-time 31st then land within one second
 * at 30/s. So `go` also keeps a log of the last `perSecond` requests (users' replies too, logged by
 * `spend`) and holds a request until the oldest of them is `WINDOW_MS` old: the bot's own requests
 * never make more than `perSecond` in any second together with the replies before them, counted
 * where they leave, with 25 ms to spare for the network and the receiver (10 ms let 32 land within one
 * second at the emulator of the 100k bench, whose process also stores every message).
 */
export const WINDOW_MS = 1025;
/** Above this rate (tests that switch pacing off) the log is not kept. */
export const WINDOW_MAX_RATE = 1000;
/** Marks the calls made inside `send`, so a channel's meter hook does not count the bot's own messages twice. */
const own = new AsyncLocalStorage<true>();

/**
 * One dispatcher per process, shared by broadcasts and reminders. Per platform a token bucket
 * (`perSecond`, `burst`), a per-recipient spacing and a bound on sends in flight.
 *
 * Priority of users' traffic: a channel reports every reply it sends with {@link TrafficMeter.spend}
 * (Telegram does it in a grammY API transformer). That reply goes out at once, but takes a token
 * from the same bucket, which may go negative; the bot's own messages start only when a whole
 * token is back. So while users talk, broadcasts slow down by exactly that much, and the sum stays
 * within the platform's limit. Calls made inside {@link Dispatcher.send} are recognised
 * (AsyncLocalStorage) and not counted again. A 429 seen by the channel calls `pause` with its
 * `retry_after`; the channel's own retry (auto-retry on Telegram) resends the refused message.
 *
 * Written here rather than with a rate-limit library: the one feature that matters, a bucket that
 * other traffic can overdraw without waiting, is a few lines, and `bottleneck` (the usual choice)
 * has not been released since 2019.
 */
export function createDispatcher(opts: { limits?: Partial<Record<string, Partial<PlatformLimit>>>; now?: () => number } = {}): Dispatcher {
  const now = opts.now ?? Date.now;
  const lanes = new Map<string, Lane>();
  const limitOf = (platform: string): PlatformLimit => ({ ...(DEFAULT_LIMITS[platform] ?? DEFAULT_LIMIT), ...(opts.limits?.[platform] ?? {}) });
  const lane = (platform: string): Lane => {
    let l = lanes.get(platform);
    if (!l) {
      const limit = limitOf(platform);
      const logSize = limit.perSecond <= WINDOW_MAX_RATE ? Math.max(1, Math.floor(limit.perSecond)) : 0;
      l = { limit, tokens: limit.burst, last: now(), pausedUntil: 0, queue: Promise.resolve(), inFlight: 0, waiting: [], lastByRecipient: new Map(), starts: new Float64Array(logSize).fill(-Infinity), at: 0, gate: Promise.resolve() };
      lanes.set(platform, l);
    }
    return l;
  };
  const refill = (l: Lane) => {
    const t = now();
    l.tokens = Math.min(capOf(l.limit), l.tokens + ((t - l.last) * l.limit.perSecond * (1 - RATE_MARGIN)) / 1000);
    l.last = t;
  };
  /** Takes one token, in arrival order. */
  const token = (l: Lane) => {
    const turn = l.queue.then(async () => {
      for (;;) {
        refill(l);
        const paused = l.pausedUntil - now();
        if (paused > 0) {
          await sleep(paused);
          continue;
        }
        if (l.tokens >= 1) {
          l.tokens -= 1;
          return;
        }
        await sleep(Math.max(1, Math.ceil(((1 - l.tokens) * 1000) / (l.limit.perSecond * (1 - RATE_MARGIN)))));
      }
    });
    l.queue = turn;
    return turn;
  };
  /** Logs a request that went out now (the bot's own, or a reply to a user). */
  const logged = (l: Lane) => {
    if (l.starts.length === 0) return;
    l.starts[l.at] = now();
    l.at = (l.at + 1) % l.starts.length;
  };
  /**
   * Holds one of the bot's own requests until fewer than `perSecond` requests, replies included,
   * went out in the last {@link WINDOW_MS}; in arrival order. A reply logged meanwhile moves the
   * oldest entry on, so the wait is checked again.
   */
  const windowed = (l: Lane) => {
    if (l.starts.length === 0) return Promise.resolve();
    const turn = l.gate.then(async () => {
      for (let wait = (l.starts[l.at] ?? -Infinity) + WINDOW_MS - now(); wait > 0; wait = (l.starts[l.at] ?? -Infinity) + WINDOW_MS - now()) await sleep(wait);
      logged(l);
    });
    l.gate = turn;
    return turn;
  };
  const spacing = async (l: Lane, recipient: string | undefined) => {
    if (!recipient || l.limit.perRecipientMs <= 0) return;
    const wait = (l.lastByRecipient.get(recipient) ?? -Infinity) + l.limit.perRecipientMs - now();
    if (wait > 0) await sleep(wait);
  };
  const mark = (l: Lane, recipient: string | undefined) => {
    if (!recipient || l.limit.perRecipientMs <= 0) return;
    const t = now();
    // Kept in the order of sending (deleted, then set again), so the entries whose spacing has run
    // out are at the front: the map holds about one spacing's worth of recipients, not a broadcast's.
    l.lastByRecipient.delete(recipient);
    l.lastByRecipient.set(recipient, t);
    for (const [k, at] of l.lastByRecipient) {
      if (at + l.limit.perRecipientMs >= t) break;
      l.lastByRecipient.delete(k);
    }
  };
  const slot = async (l: Lane) => {
    while (l.inFlight >= l.limit.concurrency) await new Promise<void>((r) => l.waiting.push(r));
    l.inFlight++;
  };
  const release = (l: Lane) => {
    l.inFlight--;
    l.waiting.shift()?.();
  };
  return {
    limit: (platform) => lane(platform).limit,
    spend(platform) {
      if (own.getStore()) return;
      const l = lane(platform);
      refill(l);
      // Debt is bounded to one second of the rate, so a burst of replies never stalls broadcasts for long.
      l.tokens = Math.max(-l.limit.perSecond, l.tokens - 1);
      logged(l);
    },
    pause(platform, ms) {
      const l = lane(platform);
      l.pausedUntil = Math.max(l.pausedUntil, now() + Math.max(0, ms));
    },
    async pace(platform, recipient) {
      const l = lane(platform);
      await spacing(l, recipient);
      await token(l);
      await windowed(l);
      mark(l, recipient);
    },
    async send(platform, recipient, fn) {
      const l = lane(platform);
      await slot(l);
      try {
        await spacing(l, recipient);
        await token(l);
        mark(l, recipient);
        return await own.run(true, () => fn(() => windowed(l)));
      } finally {
        release(l);
      }
    },
  };
}

/** Platform limits from the environment: `BROADCAST_RATE_<PLATFORM>` (messages/s) and `BROADCAST_CONCURRENCY_<PLATFORM>`. */
export function limitsFromEnv(env: Record<string, string | undefined>): Partial<Record<string, Partial<PlatformLimit>>> {
  const out: Partial<Record<string, Partial<PlatformLimit>>> = {};
  for (const [name, value] of Object.entries(env)) {
    const m = /^BROADCAST_(RATE|CONCURRENCY)_([A-Z]+)$/.exec(name);
    const n = Number(value);
    if (!m || !value || !Number.isFinite(n) || n <= 0) continue;
    const platform = (m[2] as string).toLowerCase();
    out[platform] = { ...out[platform], ...(m[1] === "RATE" ? { perSecond: n } : { concurrency: Math.floor(n) }) };
  }
  return out;
}
