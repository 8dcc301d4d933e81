import { ids } from "./choice-ids.js";
import type { ContentPack } from "../content/pack.js";
import type { AnalyticsEvent, UserState } from "../store/state.js";
import type { Store, Update } from "../store/store.js";
import { l, say, t, type EngineSettings, type Turn } from "./context.js";
import type { UserRef } from "./events.js";
import { mainMenu } from "./menus.js";
import type { EngineResult, Reply } from "./replies.js";

/**
 * Human handoff, channel-neutral. The engine asks for a person, relays what the user writes while
 * one is requested or talking to them, and gives the support side a narrow API (`take`, `close`,
 * `active`). How the person sees and answers the conversation (a support group, a private thread)
 * is the adapter's business; see docs/support.md.
 */

/** Where a handoff stands: `requested` (waiting for a person) or `active` (a person took it). */
export type HandoffState = NonNullable<UserState["handoff"]>;

/** A user as the support side knows them (platform and platform id, never stored raw). */
export type HandoffUser = Pick<UserRef, "platform" | "userId">;

/** What a support action did, and what to tell the user (in their language). */
export interface HandoffResult extends EngineResult {
  /** False when there was nothing to do: unknown user, no handoff requested, already taken. */
  changed: boolean;
}

/** The support side of a handoff, for adapters. Every call is atomic per user. */
export interface HandoffApi {
  /**
   * A person takes a requested handoff. Records `handoff_taken`; the replies tell the user a
   * person joined. Unchanged (and silent) when nothing was requested or it is already taken.
   *
   * @example const r = await engine.handoff.take({ platform: "telegram", userId: "42" }); if (r.changed) send(r.replies);
   */
  take(user: HandoffUser): Promise<HandoffResult>;
  /**
   * Ends a handoff, requested or taken: the bot answers again. Records `handoff_closed` (value
   * `support`); the replies tell the user and show the main menu.
   */
  close(user: HandoffUser): Promise<HandoffResult>;
  /**
   * Ends a handoff because no person can be reached after all (the adapter could not open the
   * ticket: a permission is missing, the support place is gone). Records `handoff_closed` (value
   * `unavailable`); the replies give the official contact and the main menu, as when no support
   * team is configured. Unchanged when there was no handoff.
   *
   * @example if (!(await openThread())) send((await engine.handoff.unavailable(user)).replies);
   */
  unavailable(user: HandoffUser): Promise<HandoffResult>;
  /** The handoff in progress, or undefined when the bot is in charge (also after it expired). */
  active(user: HandoffUser): Promise<HandoffState | undefined>;
}

const isCurrent = (h: HandoffState | undefined, now: Date, settings: EngineSettings): h is HandoffState =>
  !!h && now.getTime() - Date.parse(h.since) < settings.handoffExpiryMs;

/** Asks for a person: a support team where one is configured, else the official contact. */
export function askForHuman(turn: Turn, reason: "requested" | "fallbacks"): void {
  turn.state.fallbacks = 0;
  const h = turn.state.handoff;
  if (h) {
    say(turn, t(turn, h.status === "active" ? "handoffTaken" : "handoffRequested"));
    return;
  }
  if (turn.event.user.chat === "group" && turn.settings.handoffAvailable(turn.event.user.platform)) {
    // A person talks with the user in private, never in a shared chat: move there first.
    turn.replies.push({ kind: "private", text: t(turn, "handoffPrivate"), payload: "human", label: t(turn, "menuHuman"), choiceId: ids.menu("human") });
    return;
  }
  turn.analytics.push({ type: "handoff_requested", value: reason });
  if (turn.settings.handoffAvailable(turn.event.user.platform)) {
    turn.state.handoff = { status: "requested", since: turn.now.toISOString() };
    say(turn, t(turn, "handoffRequested"));
    turn.replies.push({ kind: "handoff", reason, transcript: turn.redactedText ? [turn.redactedText] : [] });
    return;
  }
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

/** The user wrote during a handoff: one `handoff` reply carrying the redacted text, nothing else. */
export function relayToPerson(turn: Turn): void {
  // A person is listening: the same words twice are not a loop for the repeat guard to dampen.
  turn.state.repeat = undefined;
  turn.replies.push({ kind: "handoff", reason: "message", transcript: turn.redactedText ? [turn.redactedText] : [] });
}

/** Builds the support-side API over the engine's store, clock and key derivation. */
export function createHandoffApi(deps: {
  pack: ContentPack;
  store: Store;
  settings: EngineSettings;
  clock: () => Date;
  keyOf: (user: HandoffUser) => string;
}): HandoffApi {
  const { pack, store, settings, clock, keyOf } = deps;

  async function change(user: HandoffUser, to: "taken" | "closed" | "unavailable"): Promise<HandoffResult> {
    const key = keyOf(user);
    const now = clock();
    const at = now.toISOString();
    const out = await store.update(key, (prev): Update<HandoffResult & { event?: AnalyticsEvent }> => {
      const locale = prev?.locale ?? pack.meta.defaultLocale;
      const replies: Reply[] = [];
      const h = prev?.handoff;
      const unchanged = { next: prev, result: { changed: false, locale, replies } };
      if (!prev || !h) return unchanged;
      const next = structuredClone(prev);
      next.fallbacks = 0;
      let event: AnalyticsEvent;
      const base = { at, key, channel: prev.channel, locale };
      if (to === "taken") {
        if (h.status === "active" || !isCurrent(h, now, settings)) return unchanged;
        next.handoff = { ...h, status: "active", since: at };
        replies.push({ kind: "text", text: t({ pack, locale }, "handoffTaken") });
        event = { ...base, type: "handoff_taken" };
      } else if (to === "unavailable") {
        delete next.handoff;
        officialContact({ pack, locale, replies });
        mainMenu({ pack, locale, replies });
        event = { ...base, type: "handoff_closed", value: "unavailable" };
      } else {
        delete next.handoff;
        replies.push({ kind: "text", text: t({ pack, locale }, "handoffClosed") });
        mainMenu({ pack, locale, replies });
        event = { ...base, type: "handoff_closed", value: isCurrent(h, now, settings) ? "support" : "expired" };
      }
      return { next, result: { changed: true, locale, replies, event } };
    });
    if (out.event) await store.record([out.event]);
    return { changed: out.changed, locale: out.locale, replies: out.replies };
  }

  return {
    take: (user) => change(user, "taken"),
    close: (user) => change(user, "closed"),
    unavailable: (user) => change(user, "unavailable"),
    async active(user) {
      const h = (await store.get(keyOf(user)))?.handoff;
      return isCurrent(h, clock(), settings) ? h : undefined;
    },
  };
}
