import type { AnalyticsEvent } from "../store/state.js";
import type { Dashboard, DashboardFilter, OpenHandoff, TaskRow } from "./dashboard.js";
import { ratio, type StatsMetrics } from "./stats.js";
import { addUnanswered, clusterUnanswered, exactId, type UnansweredExact } from "./unanswered.js";

/**
 * The support console's figures as a sum that can be kept per day and added up (see
 * rollup-days.ts): {@link finalizePart} of the {@link Part} of some events is exactly
 * {@link computeDashboard} of them. Most figures are counts of single events and simply add up;
 * the rest (conversations and deflection, unanswered follow-ups of a topic, completed tasks, open
 * handoffs) depend on a user's earlier events and live in {@link Part.st}, computed per user by
 * {@link replayKey}, so one user's figures can be taken out and computed again over several days.
 */

type Counts = Record<string, number>;
/** A map with no prototype: keys come from events (topics, domains, wordings). */
const rec = <T>(): Record<string, T> => Object.create(null) as Record<string, T>;
const add = (m: Counts, k: string, n = 1) => {
  m[k] = (m[k] ?? 0) + n;
};

/** Event-level counts of one slice (`t` total, `c:<channel>`, `l:<locale>`). */
interface Ev {
  messages: number;
  fallbacks: number;
  up: number;
  down: number;
  requested: number;
  taken: number;
  closed: number;
}
/** Event-level counts of one UTC day. */
interface DayEv {
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

/** The figures that depend on a user's earlier events. */
export interface Stateful {
  /** [conversations, deflected] per slice: `t`, `c:<channel>`, `l:<locale>`, `d:<day the conversation began>`. */
  conv: Record<string, [number, number]>;
  fallbackAfter: Counts;
  completed: Counts;
  /** Open handoffs by user key. */
  open: Record<string, OpenHandoff>;
}

/** The additive form of a dashboard (JSON-safe apart from `unanswered`, see {@link partToJson}). */
export interface Part {
  events: number;
  from: string | null;
  to: string | null;
  ev: Record<string, Ev>;
  days: Record<string, DayEv>;
  heatmap: number[];
  /** [answered, up, down] per topic. */
  topics: Record<string, [number, number, number]>;
  moves: Counts;
  picks: Counts;
  unsureAsked: number;
  /** task_started per task; a task only completed has 0. */
  taskStarted: Counts;
  /** [done, skipped, first seen] per task and step. */
  steps: Record<string, Record<string, [number, number, string]>>;
  unanswered: Map<string, UnansweredExact>;
  scam: { checks: number; flagged: number; flags: Counts; domains: Counts; hashes: Counts };
  st: Stateful;
}

export const emptyStateful = (): Stateful => ({ conv: rec(), fallbackAfter: rec(), completed: rec(), open: rec() });

/** A part of no events. */
export function emptyPart(): Part {
  return {
    events: 0,
    from: null,
    to: null,
    ev: rec(),
    days: rec(),
    heatmap: Array.from({ length: 168 }, () => 0),
    topics: rec(),
    moves: rec(),
    picks: rec(),
    unsureAsked: 0,
    taskStarted: rec(),
    steps: rec(),
    unanswered: new Map(),
    scam: { checks: 0, flagged: 0, flags: rec(), domains: rec(), hashes: rec() },
    st: emptyStateful(),
  };
}

const zeroEv = (): Ev => ({ messages: 0, fallbacks: 0, up: 0, down: 0, requested: 0, taken: 0, closed: 0 });
const zeroDay = (): DayEv => ({ messages: 0, fallbacks: 0, feedbackUp: 0, feedbackDown: 0, handoffsRequested: 0, handoffsTaken: 0, handoffsClosed: 0, scamChecks: 0, scamFlagged: 0 });

/** Whether an event passes a filter. */
export const passes = (e: { channel: string; locale: string; pack?: string | undefined }, f: DashboardFilter) =>
  !((f.channel && e.channel !== f.channel) || (f.locale && e.locale !== f.locale) || (f.pack && e.pack !== f.pack));

/** By time; within one turn `conversation_started` first (as computeStats). */
export const chronological = (a: { at: string; type: string }, b: { at: string; type: string }) =>
  a.at < b.at ? -1 : a.at > b.at ? 1 : Number(b.type === "conversation_started") - Number(a.type === "conversation_started");

/** Adds the figures of one event that do not depend on earlier ones. */
function addEvent(p: Part, e: AnalyticsEvent): void {
  p.events += 1;
  if (p.from === null || e.at < p.from) p.from = e.at;
  if (p.to === null || e.at > p.to) p.to = e.at;
  const d = (p.days[e.at.slice(0, 10)] ??= zeroDay());
  const slices = [(p.ev.t ??= zeroEv()), (p.ev[`c:${e.channel}`] ??= zeroEv()), (p.ev[`l:${e.locale}`] ??= zeroEv())];
  const t = new Date(e.at);
  if (!Number.isNaN(t.getTime())) p.heatmap[((t.getUTCDay() + 6) % 7) * 24 + t.getUTCHours()]! += 1;
  const topic = (id: string) => (p.topics[id] ??= [0, 0, 0]);
  switch (e.type) {
    case "topic_answered":
      if (e.score !== undefined) for (const s of slices) s.messages += 1;
      if (e.score !== undefined) d.messages += 1;
      if (e.topic) topic(e.topic)[0] += 1;
      return;
    case "did_you_mean":
      for (const s of slices) s.messages += 1;
      d.messages += 1;
      return;
    case "fallback":
      for (const s of slices) (s.messages += 1), (s.fallbacks += 1);
      d.messages += 1;
      d.fallbacks += 1;
      addUnanswered(p.unanswered, e);
      return;
    case "feedback":
      if (e.value === "up") for (const s of slices) s.up += 1;
      else if (e.value === "down") for (const s of slices) s.down += 1;
      if (e.value === "up") d.feedbackUp += 1;
      else if (e.value === "down") d.feedbackDown += 1;
      if (e.topic && (e.value === "up" || e.value === "down")) topic(e.topic)[e.value === "up" ? 1 : 2] += 1;
      return;
    case "handoff_requested":
      for (const s of slices) s.requested += 1;
      d.handoffsRequested += 1;
      return;
    case "handoff_taken":
      for (const s of slices) s.taken += 1;
      d.handoffsTaken += 1;
      return;
    case "handoff_closed":
      for (const s of slices) s.closed += 1;
      d.handoffsClosed += 1;
      return;
    case "unsure_asked":
      p.unsureAsked += 1;
      return;
    case "unsure_picked":
      if (e.topic) add(p.picks, e.topic);
      return;
    case "move_answered":
      if (e.value) add(p.moves, e.value);
      return;
    case "task_started":
      if (e.task) add(p.taskStarted, e.task);
      return;
    case "task_completed":
      if (e.task) add(p.taskStarted, e.task, 0);
      return;
    case "task_step":
      if (e.task && e.step) {
        const steps = (p.steps[e.task] ??= rec());
        const s = (steps[e.step] ??= [0, 0, e.at]);
        s[e.value === "skipped" ? 1 : 0] += 1;
        if (e.at < s[2]) s[2] = e.at;
      }
      return;
    case "scam_checked":
      p.scam.checks += 1;
      d.scamChecks += 1;
      if (e.flags?.length) (p.scam.flagged += 1), (d.scamFlagged += 1);
      for (const f of e.flags ?? []) add(p.scam.flags, f);
      for (const dm of e.domains ?? []) add(p.scam.domains, dm);
      if (e.hash) add(p.scam.hashes, e.hash.slice(0, 8));
      return;
    default:
      return;
  }
}

/** What {@link replayKey} needs of an event. */
export type ReplayEvent = Pick<AnalyticsEvent, "at" | "key" | "type" | "channel" | "locale" | "topic" | "task"> & { pack?: string | undefined };

/**
 * A user's events in order, as segments (one per day); `"reset"` stands for a day whose events are
 * not at hand but are known to begin with `conversation_started` and to hold no task or handoff
 * events. Adds the user's {@link Stateful} figures into `into` times `sign`. Returns false when the
 * figures cannot be known from what is at hand (a segment continues the conversation of a
 * "reset" day, or completes a task that such a day may have touched).
 */
export function replayKey(segments: readonly (readonly ReplayEvent[] | "reset")[], into: Stateful, sign = 1): boolean {
  let conv: { channel: string; locale: string; day: string; undeflected: boolean } | undefined;
  let lastTopic: string | undefined;
  let open: OpenHandoff | undefined;
  const tasks = new Set<string>();
  const uncertain = new Set<string>();
  let afterReset = false;
  const close = () => {
    if (!conv) return;
    const dfl = conv.undeflected ? 0 : sign;
    for (const k of ["t", `c:${conv.channel}`, `l:${conv.locale}`, `d:${conv.day}`]) {
      const c = (into.conv[k] ??= [0, 0]);
      c[0] += sign;
      c[1] += dfl;
    }
    conv = undefined;
  };
  for (const seg of segments) {
    if (seg === "reset") {
      close();
      lastTopic = undefined;
      for (const t of tasks) uncertain.add(t);
      afterReset = true;
      continue;
    }
    if (afterReset && seg.length > 0 && seg[0]!.type !== "conversation_started") return false;
    if (seg.length > 0) afterReset = false;
    for (const e of seg) {
      if (e.type === "conversation_started" || !conv) {
        close();
        conv = { channel: e.channel, locale: e.locale, day: e.at.slice(0, 10), undeflected: false };
        lastTopic = undefined;
      }
      conv.locale = e.locale;
      switch (e.type) {
        case "topic_answered":
          if (e.topic) lastTopic = e.topic;
          break;
        case "fallback":
          conv.undeflected = true;
          if (lastTopic) add(into.fallbackAfter, lastTopic, sign);
          lastTopic = undefined;
          break;
        case "handoff_requested":
          conv.undeflected = true;
          open ??= { key: e.key, channel: e.channel, locale: e.locale, since: e.at, taken: false };
          break;
        case "handoff_taken":
          if (open) open.taken = true;
          break;
        case "handoff_closed":
          open = undefined;
          break;
        case "task_started":
          if (e.task) tasks.add(e.task), uncertain.delete(e.task);
          break;
        case "task_completed":
          if (e.task && uncertain.has(e.task)) return false;
          if (e.task && tasks.delete(e.task)) add(into.completed, e.task, sign);
          break;
        default:
          break;
      }
    }
  }
  close();
  if (open && sign > 0) into.open[open.key] = open;
  return true;
}

/**
 * The part of `events` that pass `filter`, each user's events taken as one run (as
 * computeDashboard does).
 */
export function partOf(events: Iterable<AnalyticsEvent>, filter: DashboardFilter = {}): Part {
  const p = emptyPart();
  const byKey = new Map<string, AnalyticsEvent[]>();
  for (const e of events) {
    if (!passes(e, filter)) continue;
    addEvent(p, e);
    const list = byKey.get(e.key);
    if (list) list.push(e);
    else byKey.set(e.key, [e]);
  }
  for (const list of byKey.values()) replayKey([list.sort(chronological)], p.st);
  return p;
}

/** Adds the user's state-dependent figures of `b` to `a` (times `sign`); open handoffs are not merged. */
export function addStateful(a: Stateful, b: Stateful, sign = 1): void {
  for (const k in b.conv) {
    const c = (a.conv[k] ??= [0, 0]);
    c[0] += sign * b.conv[k]![0];
    c[1] += sign * b.conv[k]![1];
  }
  for (const k in b.fallbackAfter) add(a.fallbackAfter, k, sign * b.fallbackAfter[k]!);
  for (const k in b.completed) add(a.completed, k, sign * b.completed[k]!);
}

/** Adds part `b` to part `a` (all of it but the open handoffs, see {@link addStateful}). */
export function addPart(a: Part, b: Part): void {
  a.events += b.events;
  if (b.from !== null && (a.from === null || b.from < a.from)) a.from = b.from;
  if (b.to !== null && (a.to === null || b.to > a.to)) a.to = b.to;
  for (const k in b.ev) {
    const x = (a.ev[k] ??= zeroEv());
    for (const f of Object.keys(x) as (keyof Ev)[]) x[f] += b.ev[k]![f];
  }
  for (const k in b.days) {
    const x = (a.days[k] ??= zeroDay());
    for (const f of Object.keys(x) as (keyof DayEv)[]) x[f] += b.days[k]![f];
  }
  b.heatmap.forEach((n, i) => (a.heatmap[i]! += n));
  for (const k in b.topics) {
    const x = (a.topics[k] ??= [0, 0, 0]);
    b.topics[k]!.forEach((n, i) => (x[i]! += n));
  }
  for (const k in b.moves) add(a.moves, k, b.moves[k]);
  for (const k in b.picks) add(a.picks, k, b.picks[k]);
  a.unsureAsked += b.unsureAsked;
  for (const k in b.taskStarted) add(a.taskStarted, k, b.taskStarted[k]);
  for (const t in b.steps) {
    const steps = (a.steps[t] ??= rec());
    for (const s in b.steps[t]) {
      const [done, skipped, first] = b.steps[t]![s]!;
      const x = (steps[s] ??= [0, 0, first]);
      x[0] += done;
      x[1] += skipped;
      if (first < x[2]) x[2] = first;
    }
  }
  for (const [id, g] of b.unanswered) {
    const x = a.unanswered.get(id) ?? { locale: g.locale, norm: g.norm, wordings: new Map(), count: 0, lastSeen: "" };
    for (const [w, n] of g.wordings) x.wordings.set(w, (x.wordings.get(w) ?? 0) + n);
    x.count += g.count;
    if (g.lastSeen > x.lastSeen) x.lastSeen = g.lastSeen;
    a.unanswered.set(exactId(x), x);
  }
  a.scam.checks += b.scam.checks;
  a.scam.flagged += b.scam.flagged;
  for (const f of ["flags", "domains", "hashes"] as const) for (const k in b.scam[f]) add(a.scam[f], k, b.scam[f][k]);
  addStateful(a.st, b.st);
}

/** A part as JSON (the unanswered wordings as entry lists). */
export const partToJson = (p: Part) => ({ ...p, unanswered: [...p.unanswered.values()].map((g) => ({ ...g, wordings: [...g.wordings] })) });
/** The inverse of {@link partToJson}; the result is only read from (merge it into an {@link emptyPart}). */
export const partFromJson = (j: ReturnType<typeof partToJson>): Part => ({
  ...j,
  unanswered: new Map(j.unanswered.map((g) => [exactId(g), { ...g, wordings: new Map(g.wordings) }])),
});

const counted = (m: Counts) => Object.entries(m).sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1));

/**
 * The dashboard of a part, the same as computeDashboard of the same events. `lists` are the
 * channels, locales and packs present before filtering; `now` picks "today" for closedToday.
 */
export function finalizePart(p: Part, lists: { channels: string[]; locales: string[]; packs: string[] }, opts: { top?: number; now?: string } = {}): Dashboard {
  const top = opts.top ?? 50;
  const today = (opts.now ?? new Date().toISOString()).slice(0, 10);
  const metrics = (k: string, c: string | undefined): StatsMetrics => {
    const e = p.ev[k] ?? zeroEv();
    const [conversations, deflected] = p.st.conv[c ?? k] ?? [0, 0];
    return {
      conversations,
      deflected,
      deflectionRate: ratio(deflected, conversations),
      messages: e.messages,
      fallbacks: e.fallbacks,
      fallbackRate: ratio(e.fallbacks, e.messages),
      feedbackUp: e.up,
      feedbackDown: e.down,
      helpfulness: ratio(e.up, e.up + e.down),
      handoffsRequested: e.requested,
      handoffsTaken: e.taken,
      handoffsClosed: e.closed,
    };
  };
  const slices = (prefix: string) =>
    Object.fromEntries(
      Object.keys(p.ev)
        .filter((k) => k.startsWith(prefix))
        .map((k) => k.slice(2))
        .sort()
        .map((k) => [k, metrics(`${prefix}${k}`, undefined)]),
    );
  const unanswered = clusterUnanswered(p.unanswered.values()).slice(0, top);
  const taskIds = [...new Set([...Object.keys(p.taskStarted), ...Object.keys(p.steps)])].sort();
  const tasks: TaskRow[] = taskIds.map((task) => {
    const started = p.taskStarted[task] ?? 0;
    const completed = p.st.completed[task] ?? 0;
    const steps = Object.entries(p.steps[task] ?? {})
      .sort((a, b) => (a[1][2] < b[1][2] ? -1 : a[1][2] > b[1][2] ? 1 : a[0] < b[0] ? -1 : 1))
      .map(([step, [done, skipped]]) => ({ step, done, skipped }));
    return { task, started, completed, abandoned: Math.max(0, started - completed), steps };
  });
  const topics = [...new Set([...Object.keys(p.topics), ...Object.keys(p.st.fallbackAfter).filter((t) => p.st.fallbackAfter[t])])].map((topic) => {
    const [answered, up, down] = p.topics[topic] ?? [0, 0, 0];
    const fallbackAfter = p.st.fallbackAfter[topic] ?? 0;
    return { topic, answered, up, down, fallbackAfter, attention: down * 3 + fallbackAfter * 2 - up };
  });
  return {
    stats: {
      from: p.from,
      to: p.to,
      events: p.events,
      total: metrics("t", "t"),
      byChannel: slices("c:"),
      byLocale: slices("l:"),
      topTopics: Object.entries(p.topics)
        .filter(([, v]) => v[0] > 0)
        .map(([topic, v]) => ({ topic, count: v[0] }))
        .sort((a, b) => b.count - a.count || (a.topic < b.topic ? -1 : 1))
        .slice(0, top),
      topUnanswered: unanswered,
      funnel: Object.keys(p.taskStarted)
        .sort()
        .map((task) => {
          const started = p.taskStarted[task] ?? 0;
          const completed = p.st.completed[task] ?? 0;
          return { task, started, completed, rate: ratio(completed, started) };
        }),
      moves: counted(p.moves).map(([move, count]) => ({ move, count })),
    },
    channels: [...lists.channels].sort(),
    locales: [...lists.locales].sort(),
    packs: [...lists.packs].sort(),
    openHandoffs: Object.values(p.st.open).sort((a, b) => (a.since < b.since ? -1 : 1)),
    closedToday: p.days[today]?.handoffsClosed ?? 0,
    days: Object.keys(p.days)
      .sort()
      .map((day) => {
        const [conversations, deflected] = p.st.conv[`d:${day}`] ?? [0, 0];
        return { day, conversations, deflected, ...p.days[day]! };
      }),
    heatmap: Array.from({ length: 7 }, (_, w) => p.heatmap.slice(w * 24, w * 24 + 24)),
    topics: topics.sort((a, b) => b.attention - a.attention || b.answered - a.answered || (a.topic < b.topic ? -1 : 1)),
    unanswered,
    picks: counted(p.picks).map(([topic, count]) => ({ topic, count })),
    unsureAsked: p.unsureAsked,
    tasks,
    scam: {
      checks: p.scam.checks,
      flagged: p.scam.flagged,
      flags: counted(p.scam.flags).map(([flag, count]) => ({ flag, count })),
      domains: counted(p.scam.domains)
        .slice(0, top)
        .map(([domain, count]) => ({ domain, count })),
      repeats: counted(p.scam.hashes)
        .filter(([, n]) => n > 1)
        .slice(0, top)
        .map(([hash, count]) => ({ hash, count })),
    },
  };
}
