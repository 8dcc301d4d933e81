import type { ContentPack } from "../content/pack.js";
import { matcherFromPack } from "../matcher/from-pack.js";
import type { Matcher } from "../matcher/matcher.js";
import { deriveKey, keyedHash, pseudonym, userKey } from "../privacy/keys.js";
import type { AnalyticsEvent, UserState } from "../store/state.js";
import { StoreUnavailableError, type GuardedStore, type StoreHealth } from "../store/guarded.js";
import type { Store } from "../store/store.js";
import { ui } from "../content/pack.js";
import { DEFAULT_SETTINGS, type EngineSettings, type Turn } from "./context.js";
import type { InboundEvent, UserRef } from "./events.js";
import { applyGuards, guardReplies } from "./guards.js";
import { createHandoffApi, type HandoffApi } from "./handoff.js";
import { resolveLocale, resolveLocaleOf } from "./locale.js";
import type { EngineResult } from "./replies.js";
import type { TurnOutcome } from "./outcome.js";
import { route } from "./router.js";
import { countScamWave } from "./scam.js";
import { createTicketIndex } from "./tickets.js";
import { createSubscriberIndex, type SubscriberIndex } from "./subscribers.js";
import { createReminderBook, type ReminderBook } from "./reminder-book.js";
import { needsReminderList } from "./reminders.js";
import { watchMessage, type ScamWatchSettings, type WatchAlert } from "../scam/watch.js";

/** What happened in a turn; a turn nothing named (a menu, a guard's notice) is `other`. */
const outcomeOf = (turn: Turn): TurnOutcome => turn.outcome ?? { kind: "other", what: turn.event.kind };

/** A new conversation starts after this much silence (for statistics). */
const CONVERSATION_GAP_MS = 30 * 60_000;

/** What the engine needs; time and storage come in so tests can fix them. */
export interface EngineOptions {
  pack: ContentPack;
  store: Store;
  /** Secret for pseudonymous user keys (HMAC). */
  secret: string;
  clock?: () => Date;
  matcher?: Matcher;
  settings?: Partial<EngineSettings>;
  /** Tag every analytics event of a turn with the pack's id (a deployment of several packs, src/engine/pack-set.ts). */
  tagPack?: boolean;
}

/** The channel-agnostic conversation engine: events in, replies out. */
export interface Engine {
  readonly pack: ContentPack;
  readonly matcher: Matcher;
  /** Handles one event: updates the user's state atomically and returns the replies. */
  handle(event: InboundEvent): Promise<EngineResult>;
  /** Deletes everything kept about a user (support tooling, `/forget`). */
  forget(user: Pick<UserRef, "platform" | "userId">): Promise<boolean>;
  /** The pseudonymous key of a user. */
  keyOf(user: Pick<UserRef, "platform" | "userId">): string;
  /**
   * A pseudonym for an id that is not a user (a Discord server id) in its own namespace, keyed
   * with the server secret, for settings stored under it. Never a user's store key.
   *
   * @example await store.getSetting?.(`discord-guild-locale:${engine.pseudonym("discord-guild", guildId)}`)
   */
  pseudonym(namespace: string, id: string): string;
  /** The store's health for `/healthz`: `{ ok: true }`, or why it is unavailable and since when. */
  health(): StoreHealth;
  /** Resolves when no call to `handle` is in flight (stop the channels first, then wait, then close the store). */
  idle(): Promise<void>;
  /** The support side of a human handoff: take, close, and ask whether one is in progress (docs/support.md). */
  readonly handoff: HandoffApi;
  /** Who asked for incident updates, with the sealed route back to them (src/engine/subscribers.ts). */
  readonly subscribers: SubscriberIndex;
  /** Reminders of task steps the users accepted (src/engine/reminder-book.ts); the scheduler delivers them. */
  readonly reminders: ReminderBook;
  /**
   * The moderators' scam watch (src/scam/watch.ts) on one message in a place (a Discord channel,
   * a Telegram group): with a scam verdict, counts it towards today's wave like a `/check` (the
   * same keyed hash, so "seen N times" and the console's scam page include it), records a
   * `scam_checked` event with `via: "watch"` under a pseudonym of the place (no user asked, so
   * no user key), and returns what to do. The message itself is never kept.
   */
  watch(w: { platform: string; place: string; text: string; locale: string; settings: ScamWatchSettings | undefined }): Promise<WatchAlert | undefined>;
  /**
   * Replaces the content pack (a reload): turns already running finish on the old pack, the next
   * ones use the new pack. Pass the matcher trained for `pack` so no turn waits for training;
   * without one it is trained here, still off the hot path.
   */
  swap(pack: ContentPack, matcher?: Matcher): void;
}

const healthOf = (store: Store) => (typeof (store as Partial<GuardedStore>).health === "function" ? (store as GuardedStore).health() : undefined);
const isHealthy = (store: Store) => healthOf(store)?.ok !== false;
const outageSince = (store: Store) => {
  const h = healthOf(store);
  return h && !h.ok ? h.since : undefined;
};

const fresh = (channel: string, now: string): UserState => ({
  v: 1,
  channel,
  localeChosen: false,
  tasks: {},
  createdAt: now,
  lastSeen: now,
  fallbacks: 0,
  feedback: [],
});

/**
 * Creates the engine.
 *
 * @example
 * const engine = createEngine({ pack, store: createMemoryStore(), secret: "s" });
 * const { replies } = await engine.handle({ kind: "text", text: "카드번호도 유출됐나요?", user });
 */
export function createEngine(opts: EngineOptions): Engine {
  const { store, secret } = opts;
  const clock = opts.clock ?? (() => new Date());
  // The pack and its matcher travel together behind one reference that a reload swaps. The first
  // matcher is trained on first use, so commands that never classify (forget, purge, stats) start fast.
  let current: { pack: ContentPack; matcher?: Matcher } = { pack: opts.pack, matcher: opts.matcher };
  const matcherOf = (c: typeof current) => (c.matcher ??= matcherFromPack(c.pack));
  const matcher: Matcher = { classify: (text) => matcherOf(current).classify(text) };
  const settings: EngineSettings = { ...DEFAULT_SETTINGS, ...opts.settings };
  // The pseudonymous key of the users seen lately (an HMAC per turn was some 3% of a turn's CPU);
  // memory only, bounded, emptied when full.
  const recentKeys = new Map<string, string>();
  const keyOf = (user: Pick<UserRef, "platform" | "userId">) => {
    const id = `${user.platform}\u0000${user.userId}`;
    let key = recentKeys.get(id);
    if (key === undefined) {
      if (recentKeys.size >= 4096) recentKeys.clear();
      recentKeys.set(id, (key = userKey(user, secret)));
    }
    return key;
  };

  const tickets = createTicketIndex(store, deriveKey("ticket-seal", secret));
  const subscribers = createSubscriberIndex(store, deriveKey("subscriber-seal", secret));
  const reminders = createReminderBook(store, deriveKey("reminder-seal", secret), clock);
  let inFlight = 0;
  const waiters: (() => void)[] = [];

  /** Counts work in flight for {@link Engine.idle}: every turn and every support action. */
  async function tracked<T>(work: () => Promise<T>): Promise<T> {
    inFlight++;
    try {
      return await work();
    } finally {
      inFlight--;
      if (inFlight === 0) for (const w of waiters.splice(0)) w();
    }
  }
  // Users told about the current store outage (pseudonymous key → outage start), so the full
  // notice is given once per user per outage and later messages get the short one, never silence.
  const told = new Map<string, { since: string; locale: string }>();
  const handle = (event: InboundEvent) =>
    tracked(async () => {
      try {
        const result = await decide(event);
        if (told.size > 0 && isHealthy(store)) told.clear();
        return result;
      } catch (err) {
        if (!(err instanceof StoreUnavailableError)) throw err;
        return outage(event);
      }
    });
  /** The answer while the store is unavailable: nothing was applied, the user is asked to retry. */
  function outage(event: InboundEvent): EngineResult {
    const pack = current.pack;
    const key = keyOf(event.user);
    const since = outageSince(store) ?? "unknown";
    const before = told.get(key);
    const again = before?.since === since;
    // The stored locale cannot be read now: the message's own language, then the one of this outage's first notice.
    const locale = again ? before.locale : resolveLocale(pack, undefined, event);
    if (told.size >= 100_000) told.clear();
    told.set(key, { since, locale });
    const text = ui(pack, again ? "storeStillDown" : "storeDown", locale);
    return { locale, replies: [{ kind: "text", text }], actions: [], outcome: { kind: "other", what: "store-unavailable" } };
  }
  let api = createHandoffApi({ pack: current.pack, store, settings, clock, keyOf, tickets });
  const handoff: HandoffApi = {
    take: (ticket) => tracked(() => api.take(ticket)),
    close: (ticket) => tracked(() => api.close(ticket)),
    unavailable: (user) => tracked(() => api.unavailable(user)),
    attach: (ticket, place) => tracked(() => api.attach(ticket, place)),
    byTicket: (ticket) => tracked(() => api.byTicket(ticket)),
    byPlace: (platform, place) => tracked(() => api.byPlace(platform, place)),
    active: (user) => tracked(() => api.active(user)),
  };

  async function decide(event: InboundEvent): Promise<EngineResult> {
    const key = keyOf(event.user);
    const snap = current;
    const pack = snap.pack;
    // Train (or load) the matcher before the store update, so a first turn never spends the
    // store's deadline on it (the update function may run several times, and must stay cheap).
    matcherOf(snap);
    const now = clock();
    const iso = now.toISOString();
    const listed = needsReminderList(event) ? await reminders.list(key) : undefined;
    const turn = await store.update(key, (prev) => {
      // `prev` is this call's own copy (Store contract), so the turn may change it in place.
      const state = prev ?? fresh(event.user.platform, iso);
      const resolved = resolveLocaleOf(pack, prev, event);
      const turn: Turn = {
        pack,
        matcher: { classify: (text) => matcherOf(snap).classify(text) },
        settings,
        event,
        key,
        now,
        locale: resolved.locale,
        state,
        forget: false,
        replies: [],
        actions: [],
        analytics: [],
        secret,
        ...(listed ? { reminders: listed } : {}),
      };
      if (!prev || now.getTime() - Date.parse(prev.lastSeen) > CONVERSATION_GAP_MS) {
        turn.analytics.push({ type: "conversation_started" });
      }
      if (!state.localeChosen) state.locale = turn.locale;
      if (resolved.fromText && !state.localeFromText) state.localeFromText = true;
      state.lastSeen = iso;
      if (!applyGuards(turn)) route(turn);
      guardReplies(turn);
      return { next: turn.forget ? undefined : turn.state, result: turn };
    });
    if (turn.forget) {
      await store.forget(key);
      tickets.forgetOwner(key);
      await reminders.cancelAll(key);
      return { locale: turn.locale, replies: turn.replies, actions: turn.actions.filter((a) => a.kind === "delete-inbound"), outcome: outcomeOf(turn) };
    }
    // The route back for a new ticket, decided in the update above (support-desk.ts carries the action out).
    for (const a of turn.actions) if (a.kind === "open-ticket") await tickets.open(a.ticket, event.user, key);
    // The route back for incident updates, decided in the update above (updates.ts).
    if (turn.subscription === "on") await subscribers.add(event.user, key);
    else if (turn.subscription === "off") await subscribers.remove(key);
    // Reminders set or cancelled in the update above (reminders.ts).
    for (const op of turn.reminderOps ?? []) {
      if (op.op === "set") await reminders.set(event.user, { key, task: op.task, step: op.step, due: op.due, locale: op.locale });
      else await reminders.remove(key, op.task, op.step);
    }
    if (turn.analytics.length > 0) {
      const base = { at: iso, key, channel: event.user.platform, locale: turn.locale, ...(opts.tagPack ? { pack: pack.meta.id } : {}) };
      await store.record(turn.analytics.map((a): AnalyticsEvent => ({ ...base, ...a })));
    }
    if (turn.scamWave) await countScamWave(store, turn);
    return { locale: turn.locale, replies: turn.replies, actions: turn.actions, outcome: outcomeOf(turn) };
  }

  return {
    get pack() {
      return current.pack;
    },
    swap(pack, next) {
      current = { pack, matcher: next ?? matcherFromPack(pack) };
      api = createHandoffApi({ pack, store, settings, clock, keyOf, tickets });
    },
    matcher,
    handle,
    keyOf,
    pseudonym: (namespace, id) => pseudonym(namespace, id, secret),
    health: () => healthOf(store) ?? { ok: true },
    idle: () => (inFlight === 0 ? Promise.resolve() : new Promise<void>((resolve) => void waiters.push(resolve))),
    forget: async (user) => {
      const key = keyOf(user);
      const cancelled = await reminders.cancelAll(key);
      tickets.forgetOwner(key);
      return (await store.forget(key)) || cancelled > 0;
    },
    handoff,
    subscribers,
    reminders,
    async watch(w) {
      const { pack } = current;
      const alert = watchMessage(pack, w.settings, w.place, w.text, w.locale, (s) => keyedHash(s, secret));
      if (!alert) return undefined;
      const now = clock();
      const key = pseudonym("scam-watch-place", `${w.platform}:${w.place}`, secret);
      try {
        await store.record([
          { at: now.toISOString(), key, channel: w.platform, locale: w.locale, ...(opts.tagPack ? { pack: pack.meta.id } : {}), type: "scam_checked", value: "scam", via: "watch", hash: alert.hash, ...alert.check },
        ]);
        await countScamWave(store, { scamWave: { hash: alert.hash, at: 0 }, now, replies: [], pack, locale: w.locale });
      } catch {
        // The warning matters more than the count: a store that is down only loses this tally.
      }
      return alert;
    },
  };
}
