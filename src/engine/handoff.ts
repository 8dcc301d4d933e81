import { ids } from "./choice-ids.js";
import type { ContentPack } from "../content/pack.js";
import type { AnalyticsEvent, UserState } from "../store/state.js";
import type { Store, Update } from "../store/store.js";
import { l, say, t, type EngineSettings, type Turn } from "./context.js";
import { mainMenu } from "./menus.js";
import type { EngineResult, Reply } from "./replies.js";
import { newTicketId, type TicketIndex, type TicketUser } from "./tickets.js";

/**
 * Human handoff, channel-neutral. The engine asks for a person (a new ticket, an `open-ticket`
 * action), relays what the user writes while one is requested or talking to them (`relay`
 * actions), and gives the support side a narrow API keyed by ticket (`take`, `close`,
 * `unavailable`). The support desk (support-desk.ts) carries the actions out over a channel's
 * transport; see docs/support.md.
 */

/** Where a handoff stands: `requested` (waiting for a person) or `active` (a person took it). */
export type HandoffState = NonNullable<UserState["handoff"]>;

/** A user as the support side knows them (platform and platform id, never stored raw). */
export type HandoffUser = TicketUser;

/** What `take` found: `taken` (now), `already-taken`, `not-open` (closed, expired, forgotten) or `unknown` (no such ticket). */
export type TakeCode = "taken" | "already-taken" | "not-open" | "unknown";
/** What `close` and `unavailable` found. */
export type CloseCode = "closed" | "not-open" | "unknown";

/** What a support action did, and what to tell the user (in their language). */
export interface HandoffResult<C extends string = TakeCode | CloseCode> extends EngineResult {
  code: C;
  /** The ticket's user, when the ticket is known. */
  user?: HandoffUser;
  /** Where the ticket's conversation lives (e.g. a Discord thread), once opened. */
  place?: string;
}

/** A ticket as the support side sees it. */
export interface TicketInfo {
  ticket: string;
  user: HandoffUser;
  status: HandoffState["status"];
  locale: string;
  place?: string;
}

/** The support side of a handoff, for the support desk. Every call is atomic per user. */
export interface HandoffApi {
  /**
   * A person takes a ticket. Records `handoff_taken`; the replies tell the user a person joined.
   *
   * @example const r = await engine.handoff.take("t7k2m9qx"); if (r.code === "taken") send(r.replies);
   */
  take(ticket: string): Promise<HandoffResult<TakeCode>>;
  /** Ends a ticket's handoff: the bot answers again. Records `handoff_closed` (`support`, or `expired`). */
  close(ticket: string): Promise<HandoffResult<CloseCode>>;
  /**
   * Ends a user's handoff because no person can be reached after all (no transport, the support
   * place refused or is gone). Records `handoff_closed` (value `unavailable`); the replies give
   * the official contact and the main menu, as when no support team is configured.
   */
  unavailable(user: HandoffUser): Promise<HandoffResult<CloseCode>>;
  /** Records where a ticket's conversation lives (a thread id), so staff messages there find it. */
  attach(ticket: string, place: string): Promise<boolean>;
  /** A ticket that is still open, or undefined. */
  byTicket(ticket: string): Promise<TicketInfo | undefined>;
  /** The ticket whose conversation lives in `place` on `platform`, if any. */
  byPlace(platform: string, place: string): Promise<string | undefined>;
  /** The handoff in progress, or undefined when the bot is in charge (also after it expired). */
  active(user: HandoffUser): Promise<HandoffState | undefined>;
}

const isCurrent = (h: HandoffState | undefined, now: Date, settings: EngineSettings): h is HandoffState =>
  !!h && now.getTime() - Date.parse(h.since) < settings.handoffExpiryMs;

const transcriptOf = (turn: Turn) => (turn.redactedText ? [turn.redactedText] : []);

/** Asks for a person: a support team where one is configured (a new ticket), else the official contact. */
export function askForHuman(turn: Turn, reason: "requested" | "fallbacks"): void {
  turn.state.fallbacks = 0;
  const h = turn.state.handoff;
  if (h?.ticket) {
    const notice = h.status === "active" ? "taken" : "requested";
    turn.replies.push({ kind: "text", text: t(turn, notice === "taken" ? "handoffTaken" : "handoffRequested"), handoffNotice: notice });
    turn.actions.push({ kind: "relay", ticket: h.ticket, ...(h.place ? { place: h.place } : {}), transcript: [] });
    return;
  }
  if (turn.event.user.chat === "group" && turn.settings.handoffAvailable(turn.event.user.platform)) {
    // A person talks with the user in private, never in a shared chat: move there first.
    turn.replies.push({ kind: "private", text: t(turn, "handoffPrivate"), payload: "human", label: t(turn, "menuHuman"), choiceId: ids.menu("human") });
    return;
  }
  if (!h) turn.analytics.push({ type: "handoff_requested", value: reason });
  if (turn.settings.handoffAvailable(turn.event.user.platform)) {
    const ticket = newTicketId();
    turn.state.handoff = { status: "requested", since: h?.since ?? turn.now.toISOString(), ticket };
    turn.replies.push({ kind: "text", text: t(turn, "handoffRequested"), handoffNotice: "requested" });
    turn.actions.push({ kind: "open-ticket", ticket, reason, transcript: transcriptOf(turn) });
    return;
  }
  delete turn.state.handoff;
  officialContact(turn);
  mainMenu(turn);
}

/** The pack's first contact (phone and link): where a person can help when no support team can. */
function officialContact(s: Pick<Turn, "pack" | "locale" | "replies">): void {
  const cs = s.pack.contacts[0];
  s.replies.push({ kind: "text", text: t(s, "handoffOffline", { name: cs ? l(s, cs.name) : "", phone: cs?.phone ?? "" }) });
  if (cs?.url) s.replies.push({ kind: "links", links: [{ label: l(s, cs.name), url: cs.url }] });
}

/**
 * True when a handoff is in progress: free text then goes to a person ({@link relayToPerson}).
 * Called first for every event: a handoff past `handoffExpiryMs` is ended here, with
 * `handoff_closed` (value `expired`) and a notice, and the bot handles the event.
 */
export function inHandoff(turn: Turn): boolean {
  const h = turn.state.handoff;
  if (!h) return false;
  if (isCurrent(h, turn.now, turn.settings)) return true;
  delete turn.state.handoff;
  turn.analytics.push({ type: "handoff_closed", value: "expired" });
  say(turn, t(turn, "handoffClosed"));
  return false;
}

/** The user wrote during a handoff: a `relay` action with the redacted text, and nothing for the user. */
export function relayToPerson(turn: Turn): void {
  // A person is listening: the same words twice are not a loop for the repeat guard to dampen.
  turn.state.repeat = undefined;
  const h = turn.state.handoff;
  if (!h) return;
  if (h.ticket) {
    turn.actions.push({ kind: "relay", ticket: h.ticket, ...(h.place ? { place: h.place } : {}), transcript: transcriptOf(turn) });
    return;
  }
  // A handoff from before tickets lived in the core: give it one now.
  h.ticket = newTicketId();
  turn.actions.push({ kind: "open-ticket", ticket: h.ticket, reason: "message", transcript: transcriptOf(turn) });
}

/** Builds the support-side API over the engine's store, clock, keys and ticket index. */
export function createHandoffApi(deps: {
  pack: ContentPack;
  store: Store;
  settings: EngineSettings;
  clock: () => Date;
  keyOf: (user: HandoffUser) => string;
  tickets: TicketIndex;
}): HandoffApi {
  const { pack, store, settings, clock, keyOf, tickets } = deps;
  const empty = { locale: pack.meta.defaultLocale, replies: [] as Reply[], actions: [] };

  async function change<C extends TakeCode | CloseCode>(
    user: HandoffUser,
    ticket: string | undefined,
    decide: (h: HandoffState, now: Date) => C | { code: C; next: HandoffState | undefined; replies: (locale: string) => Reply[]; event: Omit<AnalyticsEvent, "at" | "key" | "channel" | "locale"> },
  ): Promise<HandoffResult<C | "not-open">> {
    const key = keyOf(user);
    const now = clock();
    const out = await store.update(key, (prev): Update<HandoffResult<C | "not-open"> & { event?: AnalyticsEvent }> => {
      const locale = prev?.locale ?? pack.meta.defaultLocale;
      const h = prev?.handoff;
      const unchanged = (code: C | "not-open") => ({ next: prev, result: { code, user, locale, replies: [], actions: [], ...(h?.place ? { place: h.place } : {}) } });
      if (!prev || !h || (ticket !== undefined && h.ticket !== ticket)) return unchanged("not-open");
      const d = decide(h, now);
      if (typeof d === "string") return unchanged(d);
      const next = structuredClone(prev);
      next.fallbacks = 0;
      if (d.next) next.handoff = d.next;
      else delete next.handoff;
      const event: AnalyticsEvent = { at: now.toISOString(), key, channel: prev.channel, locale, ...d.event };
      return { next, result: { code: d.code, user, locale, replies: d.replies(locale), actions: [], ...(h.place ? { place: h.place } : {}), event } };
    });
    const { event, ...result } = out;
    if (event) await store.record([event]);
    return result;
  }

  const ended = (h: HandoffState, now: Date) => ({ value: isCurrent(h, now, settings) ? "support" : "expired" });
  const closedReplies = (locale: string): Reply[] => {
    const replies: Reply[] = [{ kind: "text", text: t({ pack, locale }, "handoffClosed") }];
    mainMenu({ pack, locale, replies });
    return replies;
  };
  const unavailableReplies = (locale: string): Reply[] => {
    const replies: Reply[] = [];
    officialContact({ pack, locale, replies });
    mainMenu({ pack, locale, replies });
    return replies;
  };

  async function byTicket(ticket: string): Promise<TicketInfo | undefined> {
    const user = await tickets.route(ticket);
    if (!user) return undefined;
    const state = await store.get(keyOf(user));
    const h = state?.handoff;
    if (!h || h.ticket !== ticket || !isCurrent(h, clock(), settings)) return undefined;
    return { ticket, user, status: h.status, locale: state.locale ?? pack.meta.defaultLocale, ...(h.place ? { place: h.place } : {}) };
  }

  const drop = async (r: HandoffResult, ticket: string) => {
    await tickets.drop(ticket, r.place && r.user ? { platform: r.user.platform, place: r.place } : undefined);
  };

  return {
    async take(ticket) {
      const user = await tickets.route(ticket);
      if (!user) return { ...empty, code: "unknown" };
      return change<TakeCode>(user, ticket, (h, now) => {
        if (!isCurrent(h, now, settings)) return "not-open";
        if (h.status === "active") return "already-taken";
        return {
          code: "taken",
          next: { ...h, status: "active", since: now.toISOString() },
          replies: (locale) => [{ kind: "text", text: t({ pack, locale }, "handoffTaken") }],
          event: { type: "handoff_taken" },
        };
      });
    },
    async close(ticket) {
      const user = await tickets.route(ticket);
      if (!user) return { ...empty, code: "unknown" };
      const r = await change<CloseCode>(user, ticket, (h, now) => ({
        code: "closed",
        next: undefined,
        replies: closedReplies,
        event: { type: "handoff_closed", ...ended(h, now) },
      }));
      await drop(r, ticket);
      return r;
    },
    async unavailable(user) {
      let ticket: string | undefined;
      const r = await change<CloseCode>(user, undefined, (h) => {
        ticket = h.ticket;
        return { code: "closed", next: undefined, replies: unavailableReplies, event: { type: "handoff_closed", value: "unavailable" } };
      });
      if (ticket) await drop(r, ticket);
      return r;
    },
    async attach(ticket, place) {
      const user = await tickets.route(ticket);
      if (!user) return false;
      const key = keyOf(user);
      const ok = await store.update(key, (prev) => {
        if (!prev?.handoff || prev.handoff.ticket !== ticket) return { next: prev, result: false };
        const next = structuredClone(prev);
        next.handoff = { ...prev.handoff, place };
        return { next, result: true };
      });
      if (ok) await tickets.setPlace(ticket, user.platform, place, key);
      return ok;
    },
    byTicket,
    byPlace: (platform, place) => tickets.byPlace(platform, place),
    async active(user) {
      const h = (await store.get(keyOf(user)))?.handoff;
      return isCurrent(h, clock(), settings) ? h : undefined;
    },
  };
}
