import type { AnalyticsEvent } from "../store/state.js";
import { groupUnanswered, type UnansweredGroup } from "./unanswered.js";

/**
 * Support-team statistics from the engine's pseudonymous analytics events. Pure: events in, a
 * typed summary out. Definitions (also in docs/support.md):
 *
 * - A **conversation** is a run of one user key's events from a `conversation_started` (emitted
 *   by the engine when the user comes back after 30 minutes of silence) to the next. Events of a
 *   key before its first `conversation_started` in the input (a conversation that began before
 *   the window) count as one conversation. Support actions (`handoff_taken`, `handoff_closed`)
 *   never start one. Its channel is its key's; its locale is that of its last event.
 * - **Deflected**: a conversation with no `handoff_requested` and no `fallback` (no question left
 *   unanswered). Deflection rate = deflected / conversations.
 * - **Messages**: free-text messages the bot handled: `topic_answered` with a score (answered
 *   from text; answers picked from a menu carry none), `did_you_mean`, and `fallback`. Fallback
 *   rate = fallbacks / messages. Texts stopped by the guards (rate limit, too long, repeats) and
 *   texts relayed during a handoff are not counted.
 * - **Helpfulness** = 👍 / (👍 + 👎) over `feedback` events.
 * - **Task funnel**: per task, `task_started` events, and how many of those starts the same key
 *   then completed (`task_completed` before starting that task again).
 *
 * Rates are rounded to three decimals, null when there is nothing to divide by.
 */

/** Headline figures of one slice of traffic (everything, one channel, or one locale). */
export interface StatsMetrics {
  conversations: number;
  /** Conversations without a handoff request and without an unanswered question. */
  deflected: number;
  deflectionRate: number | null;
  /** Free-text messages the bot handled (answered, "did you mean", or not answered). */
  messages: number;
  fallbacks: number;
  fallbackRate: number | null;
  feedbackUp: number;
  feedbackDown: number;
  /** 👍 / (👍 + 👎). */
  helpfulness: number | null;
  handoffsRequested: number;
  handoffsTaken: number;
  handoffsClosed: number;
}

/** How often a topic was answered (from text or from a menu). */
export interface TopicCount {
  topic: string;
  count: number;
}

/** Starts and completions of one guided task. */
export interface TaskFunnel {
  task: string;
  started: number;
  /** Starts in the window that the same user then completed. */
  completed: number;
  /** completed / started. */
  rate: number | null;
}

/** Everything `afterleak stats` reports. */
export interface StatsSummary {
  /** Time of the first and last event considered (ISO), null when there were none. */
  from: string | null;
  to: string | null;
  events: number;
  total: StatsMetrics;
  byChannel: Record<string, StatsMetrics>;
  byLocale: Record<string, StatsMetrics>;
  /** Most answered topics, most frequent first. */
  topTopics: TopicCount[];
  /** Most frequent unanswered questions, grouped by similarity (redacted). */
  topUnanswered: UnansweredGroup[];
  /** One entry per task that was started or completed, by task id. */
  funnel: TaskFunnel[];
  /** Conversational moves met (greetings, thanks, fear, anger, ...), alone or before a question; most frequent first. */
  moves: { move: string; count: number }[];
}

/** Tuning of {@link computeStats}. */
export interface StatsOptions {
  /** Length of the top-topics and top-unanswered lists. Default 10. */
  top?: number;
}

interface Counts {
  conversations: number;
  deflected: number;
  messages: number;
  fallbacks: number;
  up: number;
  down: number;
  requested: number;
  taken: number;
  closed: number;
}

interface Conversation {
  channel: string;
  locale: string;
  undeflected: boolean;
}

const zero = (): Counts => ({ conversations: 0, deflected: 0, messages: 0, fallbacks: 0, up: 0, down: 0, requested: 0, taken: 0, closed: 0 });

/** a / b rounded to three decimals; null when b is 0. */
export const ratio = (a: number, b: number): number | null => (b === 0 ? null : Math.round((a / b) * 1000) / 1000);

const toMetrics = (c: Counts): StatsMetrics => ({
  conversations: c.conversations,
  deflected: c.deflected,
  deflectionRate: ratio(c.deflected, c.conversations),
  messages: c.messages,
  fallbacks: c.fallbacks,
  fallbackRate: ratio(c.fallbacks, c.messages),
  feedbackUp: c.up,
  feedbackDown: c.down,
  helpfulness: ratio(c.up, c.up + c.down),
  handoffsRequested: c.requested,
  handoffsTaken: c.taken,
  handoffsClosed: c.closed,
});

const bySlice = (m: Map<string, Counts>): Record<string, StatsMetrics> =>
  Object.fromEntries([...m].sort(([a], [b]) => (a < b ? -1 : 1)).map(([k, c]) => [k, toMetrics(c)]));

/** By time; within one turn (same time) `conversation_started` comes first, the rest keep their order. */
const chronological = (a: AnalyticsEvent, b: AnalyticsEvent) =>
  a.at < b.at ? -1 : a.at > b.at ? 1 : Number(b.type === "conversation_started") - Number(a.type === "conversation_started");

/** Counts what one event contributes to the event-level figures. */
function countEvent(c: Counts, e: AnalyticsEvent): void {
  switch (e.type) {
    case "topic_answered":
      if (e.score !== undefined) c.messages += 1;
      return;
    case "did_you_mean":
      c.messages += 1;
      return;
    case "fallback":
      c.messages += 1;
      c.fallbacks += 1;
      return;
    case "feedback":
      if (e.value === "up") c.up += 1;
      else if (e.value === "down") c.down += 1;
      return;
    case "handoff_requested":
      c.requested += 1;
      return;
    case "handoff_taken":
      c.taken += 1;
      return;
    case "handoff_closed":
      c.closed += 1;
      return;
    default:
      return;
  }
}

/**
 * Computes the support statistics of a set of analytics events (any order; typically one
 * retention window read from the store).
 *
 * @example
 * const events = []; for await (const e of store.events(since)) events.push(e);
 * const s = computeStats(events); // s.total.deflectionRate, s.byChannel.telegram, s.funnel
 */
export function computeStats(events: Iterable<AnalyticsEvent>, opts: StatsOptions = {}): StatsSummary {
  const top = opts.top ?? 10;
  const all = [...events];
  const byKey = new Map<string, AnalyticsEvent[]>();
  for (const e of all) {
    const list = byKey.get(e.key) ?? [];
    list.push(e);
    byKey.set(e.key, list);
  }
  const total = zero();
  const channels = new Map<string, Counts>();
  const locales = new Map<string, Counts>();
  const slice = (m: Map<string, Counts>, k: string) => m.get(k) ?? (m.set(k, zero()), m.get(k) as Counts);
  const topics = new Map<string, number>();
  const moves = new Map<string, number>();
  const funnel = new Map<string, { started: number; completed: number }>();
  const conversations: Conversation[] = [];
  let from: string | null = null;
  let to: string | null = null;

  for (const list of byKey.values()) {
    list.sort(chronological);
    let conv: Conversation | undefined;
    const open = new Set<string>();
    for (const e of list) {
      if (from === null || e.at < from) from = e.at;
      if (to === null || e.at > to) to = e.at;
      for (const c of [total, slice(channels, e.channel), slice(locales, e.locale)]) countEvent(c, e);
      if (e.type === "conversation_started" || !conv) {
        conv = { channel: e.channel, locale: e.locale, undeflected: false };
        conversations.push(conv);
      }
      conv.locale = e.locale;
      if (e.type === "fallback" || e.type === "handoff_requested") conv.undeflected = true;
      if (e.type === "topic_answered" && e.topic) topics.set(e.topic, (topics.get(e.topic) ?? 0) + 1);
      if (e.type === "move_answered" && e.value) moves.set(e.value, (moves.get(e.value) ?? 0) + 1);
      if ((e.type === "task_started" || e.type === "task_completed") && e.task) {
        const f = funnel.get(e.task) ?? { started: 0, completed: 0 };
        funnel.set(e.task, f);
        if (e.type === "task_started") {
          f.started += 1;
          open.add(e.task);
        } else if (open.delete(e.task)) f.completed += 1;
      }
    }
  }
  for (const c of conversations) {
    for (const k of [total, slice(channels, c.channel), slice(locales, c.locale)]) {
      k.conversations += 1;
      if (!c.undeflected) k.deflected += 1;
    }
  }

  return {
    from,
    to,
    events: all.length,
    total: toMetrics(total),
    byChannel: bySlice(channels),
    byLocale: bySlice(locales),
    topTopics: [...topics]
      .map(([topic, count]) => ({ topic, count }))
      .sort((a, b) => b.count - a.count || (a.topic < b.topic ? -1 : 1))
      .slice(0, top),
    topUnanswered: groupUnanswered(all).slice(0, top),
    funnel: [...funnel.keys()].sort().map((task) => {
      const f = funnel.get(task) as { started: number; completed: number };
      return { task, ...f, rate: ratio(f.completed, f.started) };
    }),
    moves: [...moves].map(([move, count]) => ({ move, count })).sort((a, b) => b.count - a.count || (a.move < b.move ? -1 : 1)),
  };
}
