import type { ContentPack } from "../content/pack.js";
import { pick, ui } from "../content/pack.js";
import type { LocalizedText, UiKey } from "../content/schema.js";
import type { Matcher } from "../matcher/matcher.js";
import type { AnalyticsEvent, UserState } from "../store/state.js";
import type { InboundEvent } from "./events.js";
import type { TurnOutcome } from "./outcome.js";
import type { PendingOffer } from "./pending.js";
import type { EngineAction, Reply } from "./replies.js";
import { DEFAULT_QUIET_HOURS, type QuietHours } from "./quiet-hours.js";
import type { Reminder, ReminderOp } from "./reminder-book.js";

/** Limits and switches of the engine; all have safe defaults. */
export interface EngineSettings {
  /** Longest message the bot reads, in characters. */
  maxInputChars: number;
  /** Messages per user per minute before the bot pauses answering. */
  rateLimitPerMinute: number;
  /** The same message this many times in a row gets a short notice instead of a repeat answer. */
  repeatLimit: number;
  /** Consecutive unanswered messages before the bot offers a person. */
  fallbacksBeforeHandoff: number;
  /** Whether a support team can take over on this channel (else the official contact is given). */
  handoffAvailable: (platform: string) => boolean;
  /**
   * A handoff nobody closed ends this long after it was requested or taken, so a user is never
   * left talking to an empty room; the bot answers again.
   */
  handoffExpiryMs: number;
  /** A prompt the bot asked ("Was this helpful?", "did you mean") takes answers this long. */
  pendingTtlMs: number;
  /** Reminders are not sent in these hours; their time zone is the users' (default 21:00–08:00, Asia/Seoul). */
  quietHours: QuietHours;
  /** Whether reminders can reach users of this channel (it can start a message), so task steps offer them. */
  remindersAvailable: (platform: string) => boolean;
}

export const DEFAULT_SETTINGS: EngineSettings = {
  maxInputChars: 2000,
  rateLimitPerMinute: 20,
  repeatLimit: 3,
  fallbacksBeforeHandoff: 3,
  handoffAvailable: () => false,
  handoffExpiryMs: 24 * 60 * 60_000,
  pendingTtlMs: 5 * 60_000,
  quietHours: DEFAULT_QUIET_HOURS,
  remindersAvailable: () => true,
};

/** Everything one decision needs; `state` is a private copy the decision may change. */
export interface Turn {
  pack: ContentPack;
  matcher: Matcher;
  settings: EngineSettings;
  event: InboundEvent;
  key: string;
  now: Date;
  locale: string;
  state: UserState;
  /** Set to true to delete the user's data after this turn. */
  forget: boolean;
  replies: Reply[];
  /** Effects to carry out besides the replies (open a ticket, relay to the staff). */
  actions: EngineAction[];
  analytics: Omit<AnalyticsEvent, "at" | "key" | "channel" | "locale">[];
  /** Redacted text of the message, if any (never the raw text). */
  redactedText?: string;
  /**
   * A message was checked (`/check`): the keyed hash it is counted under and where in `replies`
   * the engine puts "seen N times today" once it has counted it.
   */
  scamWave?: { hash: string; at: number };
  secret: string;
  /** The prompt this turn leaves waiting for an answer (see `setPending`). */
  pendingOffer?: PendingOffer;
  /** What happened in this turn (see {@link TurnOutcome}). */
  outcome?: TurnOutcome;
  /** Incident updates were turned on or off: the engine writes or deletes the sealed route back (src/engine/subscribers.ts). */
  subscription?: "on" | "off";
  /** The user's reminders, read before the turn when it may need them (`/reminders`, a reminder button). */
  reminders?: readonly Reminder[];
  /** Reminders to set or cancel: the engine writes the reminder book after the update (src/engine/reminders.ts). */
  reminderOps?: ReminderOp[];
}

/** What a reply needs to be written: the pack and the locale (a turn, or a support action's context). */
export type Speaker = Pick<Turn, "pack" | "locale">;

/** Looks up a UI string for the turn's locale. */
export const t = (turn: Speaker, key: UiKey, vars?: Record<string, string | number>) =>
  ui(turn.pack, key, turn.locale, vars);

/** Picks a localized text for the turn's locale. */
export const l = (turn: Speaker, text: LocalizedText) => pick(turn.pack, text, turn.locale);

/** Adds a text reply. */
export const say = (turn: Turn, text: string): void => {
  turn.replies.push({ kind: "text", text });
};
