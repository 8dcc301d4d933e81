import type { AnalyticsEvent } from "../store/state.js";
import { computeStats, type StatsSummary } from "./stats.js";
import { groupUnanswered, type UnansweredGroup } from "./unanswered.js";

/**
 * The support console's figures (adapters/web/admin): the same headline numbers as
 * `afterleak stats` ({@link computeStats} on the same events), plus what a dashboard shows that a
 * terminal report does not: per day, an hour × weekday heatmap, every topic with its feedback and
 * the questions that followed it unanswered, step counts per task, scam checks and handoffs per
 * day. Pure: events in, a summary out. Days and hours are UTC.
 */

/** Which traffic a dashboard covers; unset: all. */
export interface DashboardFilter {
  channel?: string;
  locale?: string;
  /** A pack id, in a deployment of several packs (events without a pack tag never match). */
  pack?: string;
}

/** A handoff asked for in the window and not closed since: who waits (pseudonymous key), where, since when. */
export interface OpenHandoff {
  key: string;
  channel: string;
  locale: string;
  since: string;
  /** A person took it (`handoff_taken`) and it is not closed yet. */
  taken: boolean;
}

/** Oldest handoff first; two opened in the same millisecond keep one order whichever way the events were summed. */
export const oldestFirst = (a: OpenHandoff, b: OpenHandoff): number => (a.since < b.since ? -1 : a.since > b.since ? 1 : a.key < b.key ? -1 : a.key > b.key ? 1 : 0);

/** One UTC day. */
export interface DayRow {
  day: string;
  /** Conversations that began this day. */
  conversations: number;
  deflected: number;
  messages: number;
  fallbacks: number;
  feedbackUp: number;
  feedbackDown: number;
  handoffsRequested: number;
  handoffsTaken: number;
  handoffsClosed: number;
  scamChecks: number;
  scamFlagged: number;
}

/** One topic, with what says whether its answer works. */
export interface TopicRow {
  topic: string;
  answered: number;
  up: number;
  down: number;
  /** Unanswered questions the same user asked right after this answer. */
  fallbackAfter: number;
  /** Sort key: 👎 and unanswered follow-ups weigh more than volume. */
  attention: number;
}

/** One guided task's funnel. */
export interface TaskRow {
  task: string;
  started: number;
  /** `task_step` events per step id, in the order first seen (by time). */
  steps: { step: string; done: number; skipped: number }[];
  completed: number;
  /** Started and not completed by the same user (still open or given up). */
  abandoned: number;
}

/** `scam_checked` events: how many, flagged how, which domains, which message seen how often. */
export interface ScamSummary {
  checks: number;
  flagged: number;
  flags: { flag: string; count: number }[];
  domains: { domain: string; count: number }[];
  /** The same message (by its keyed hash, first 8 characters) checked several times. */
  repeats: { hash: string; count: number }[];
}

/** Everything the console shows for one filter. */
export interface Dashboard {
  /** computeStats of the filtered events: the same numbers as `afterleak stats`. */
  stats: StatsSummary;
  /** Channels, locales and pack ids present before filtering (for the filter menus). */
  channels: string[];
  locales: string[];
  packs: string[];
  /** Handoffs still open, oldest first. */
  openHandoffs: OpenHandoff[];
  /** Handoffs closed on the UTC day of `opts.now` (default: today). */
  closedToday: number;
  days: DayRow[];
  /** Events by weekday (0 = Monday) × UTC hour. */
  heatmap: number[][];
  topics: TopicRow[];
  unanswered: UnansweredGroup[];
  /** "Is it one of these?" picks per topic (`unsure_picked`). */
  picks: { topic: string; count: number }[];
  /** How often "Is it one of these?" was asked (`unsure_asked`). */
  unsureAsked: number;
  tasks: TaskRow[];
  scam: ScamSummary;
}

const zeroDay = (day: string): DayRow => ({
  day,
  conversations: 0,
  deflected: 0,
  messages: 0,
  fallbacks: 0,
  feedbackUp: 0,
  feedbackDown: 0,
  handoffsRequested: 0,
  handoffsTaken: 0,
  handoffsClosed: 0,
  scamChecks: 0,
  scamFlagged: 0,
});

const chronological = (a: AnalyticsEvent, b: AnalyticsEvent) =>
  a.at < b.at ? -1 : a.at > b.at ? 1 : Number(b.type === "conversation_started") - Number(a.type === "conversation_started");

const counted = (m: Map<string, number>) =>
  [...m].map(([k, count]) => ({ k, count })).sort((a, b) => b.count - a.count || (a.k < b.k ? -1 : 1));

const bump = (m: Map<string, number>, k: string, n = 1) => m.set(k, (m.get(k) ?? 0) + n);

/**
 * Computes the console's figures for the events that pass `filter`.
 *
 * @example computeDashboard(events, { channel: "web" }).stats.total.deflectionRate
 */
export function computeDashboard(events: readonly AnalyticsEvent[], filter: DashboardFilter = {}, opts: { top?: number; now?: string } = {}): Dashboard {
  const channels = new Set<string>();
  const locales = new Set<string>();
  const packs = new Set<string>();
  const kept: AnalyticsEvent[] = [];
  for (const e of events) {
    channels.add(e.channel);
    locales.add(e.locale);
    if (e.pack) packs.add(e.pack);
    if ((filter.channel && e.channel !== filter.channel) || (filter.locale && e.locale !== filter.locale) || (filter.pack && e.pack !== filter.pack)) continue;
    kept.push(e);
  }
  const top = opts.top ?? 50;
  const stats = computeStats(kept, { top });
  const days = new Map<string, DayRow>();
  const day = (at: string) => {
    const d = at.slice(0, 10);
    return days.get(d) ?? (days.set(d, zeroDay(d)), days.get(d) as DayRow);
  };
  const heatmap = Array.from({ length: 7 }, () => Array.from({ length: 24 }, () => 0));
  const topics = new Map<string, TopicRow>();
  const topic = (t: string) => topics.get(t) ?? (topics.set(t, { topic: t, answered: 0, up: 0, down: 0, fallbackAfter: 0, attention: 0 }), topics.get(t) as TopicRow);
  const tasks = new Map<string, { started: number; completed: number; steps: Map<string, { done: number; skipped: number; first: string }> }>();
  const task = (t: string) => tasks.get(t) ?? (tasks.set(t, { started: 0, completed: 0, steps: new Map() }), tasks.get(t)!);
  const picks = new Map<string, number>();
  const flags = new Map<string, number>();
  const domains = new Map<string, number>();
  const hashes = new Map<string, number>();
  const today = (opts.now ?? new Date().toISOString()).slice(0, 10);
  const open = new Map<string, OpenHandoff>();
  let closedToday = 0;
  let unsureAsked = 0;
  let checks = 0;
  let flagged = 0;

  const byKey = new Map<string, AnalyticsEvent[]>();
  for (const e of kept) {
    const list = byKey.get(e.key);
    if (list) list.push(e);
    else byKey.set(e.key, [e]);
  }
  for (const list of byKey.values()) {
    list.sort(chronological);
    let conv: { row: DayRow; undeflected: boolean } | undefined;
    let lastTopic: string | undefined;
    const close = () => {
      if (conv && !conv.undeflected) conv.row.deflected += 1;
    };
    for (const e of list) {
      const d = day(e.at);
      const t = new Date(e.at);
      if (!Number.isNaN(t.getTime())) (heatmap[(t.getUTCDay() + 6) % 7] as number[])[t.getUTCHours()]! += 1;
      if (e.type === "conversation_started" || !conv) {
        close();
        conv = { row: d, undeflected: false };
        d.conversations += 1;
        lastTopic = undefined;
      }
      switch (e.type) {
        case "topic_answered":
          if (e.score !== undefined) d.messages += 1;
          if (e.topic) {
            topic(e.topic).answered += 1;
            lastTopic = e.topic;
          }
          break;
        case "did_you_mean":
          d.messages += 1;
          break;
        case "fallback":
          d.messages += 1;
          d.fallbacks += 1;
          conv.undeflected = true;
          if (lastTopic) topic(lastTopic).fallbackAfter += 1;
          lastTopic = undefined;
          break;
        case "feedback":
          if (e.value === "up") d.feedbackUp += 1;
          else if (e.value === "down") d.feedbackDown += 1;
          if (e.topic && (e.value === "up" || e.value === "down")) topic(e.topic)[e.value] += 1;
          break;
        case "handoff_requested":
          d.handoffsRequested += 1;
          conv.undeflected = true;
          if (!open.has(e.key)) open.set(e.key, { key: e.key, channel: e.channel, locale: e.locale, since: e.at, taken: false });
          break;
        case "handoff_taken":
          d.handoffsTaken += 1;
          if (open.has(e.key)) open.get(e.key)!.taken = true;
          break;
        case "handoff_closed":
          d.handoffsClosed += 1;
          open.delete(e.key);
          if (e.at.startsWith(today)) closedToday += 1;
          break;
        case "unsure_asked":
          unsureAsked += 1;
          break;
        case "unsure_picked":
          if (e.topic) bump(picks, e.topic);
          break;
        case "task_started":
          if (e.task) task(e.task).started += 1;
          break;
        case "task_step":
          if (e.task && e.step) {
            const steps = task(e.task).steps;
            const s = steps.get(e.step) ?? { done: 0, skipped: 0, first: e.at };
            if (e.at < s.first) s.first = e.at;
            if (e.value === "skipped") s.skipped += 1;
            else s.done += 1;
            steps.set(e.step, s);
          }
          break;
        case "scam_checked":
          checks += 1;
          d.scamChecks += 1;
          if (e.flags?.length) {
            flagged += 1;
            d.scamFlagged += 1;
          }
          for (const f of e.flags ?? []) bump(flags, f);
          for (const dm of e.domains ?? []) bump(domains, dm);
          if (e.hash) bump(hashes, e.hash.slice(0, 8));
          break;
        default:
          break;
      }
    }
    close();
  }
  for (const f of stats.funnel) task(f.task).completed = f.completed;
  for (const f of stats.funnel) task(f.task).started = f.started;
  for (const r of topics.values()) r.attention = r.down * 3 + r.fallbackAfter * 2 - r.up;

  return {
    stats,
    channels: [...channels].sort(),
    locales: [...locales].sort(),
    packs: [...packs].sort(),
    openHandoffs: [...open.values()].sort(oldestFirst),
    closedToday,
    days: [...days.values()].sort((a, b) => (a.day < b.day ? -1 : 1)),
    heatmap,
    topics: [...topics.values()].sort((a, b) => b.attention - a.attention || b.answered - a.answered || (a.topic < b.topic ? -1 : 1)),
    unanswered: groupUnanswered(kept).slice(0, top),
    picks: counted(picks).map(({ k, count }) => ({ topic: k, count })),
    unsureAsked,
    tasks: [...tasks]
      .sort(([a], [b]) => (a < b ? -1 : 1))
      .map(([t, f]) => ({
        task: t,
        started: f.started,
        completed: f.completed,
        abandoned: Math.max(0, f.started - f.completed),
        steps: [...f.steps].sort(([a, x], [b, y]) => (x.first < y.first ? -1 : x.first > y.first ? 1 : a < b ? -1 : 1)).map(([step, s]) => ({ step, done: s.done, skipped: s.skipped })),
      })),
    scam: {
      checks,
      flagged,
      flags: counted(flags).map(({ k, count }) => ({ flag: k, count })),
      domains: counted(domains).slice(0, top).map(({ k, count }) => ({ domain: k, count })),
      repeats: counted(hashes).filter((h) => h.count > 1).slice(0, top).map(({ k, count }) => ({ hash: k, count })),
    },
  };
}
