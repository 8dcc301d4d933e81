import type { AnalyticsEvent } from "../store/state.js";
import type { DashboardFilter } from "./dashboard.js";
import { add, addStateful, chronological, emptyStateful, rec, replayKey, type Counts, type Stateful } from "./rollup-replay.js";
import { addUnanswered, exactId, type UnansweredExact } from "./unanswered.js";

/**
 * The support console's figures as a sum that can be kept per day and added up (see
 * rollup-days.ts): {@link finalizePart} of the {@link Part} of some events is exactly
 * {@link computeDashboard} of them. Most figures are counts of single events and simply add up;
 * the rest (conversations and deflection, unanswered follow-ups of a topic, completed tasks, open
 * handoffs) depend on a user's earlier events and live in {@link Part.st}, computed per user by
 * {@link replayKey}, so one user's figures can be taken out and computed again over several days.
 */

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

export const zeroEv = (): Ev => ({ messages: 0, fallbacks: 0, up: 0, down: 0, requested: 0, taken: 0, closed: 0 });
const zeroDay = (): DayEv => ({ messages: 0, fallbacks: 0, feedbackUp: 0, feedbackDown: 0, handoffsRequested: 0, handoffsTaken: 0, handoffsClosed: 0, scamChecks: 0, scamFlagged: 0 });

/** Whether an event passes a filter. */
export const passes = (e: { channel: string; locale: string; pack?: string | undefined }, f: DashboardFilter) =>
  !((f.channel && e.channel !== f.channel) || (f.locale && e.locale !== f.locale) || (f.pack && e.pack !== f.pack));

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
      for (const s of slices) {
        s.messages += 1;
        s.fallbacks += 1;
      }
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
      if (e.flags?.length) {
        p.scam.flagged += 1;
        d.scamFlagged += 1;
      }
      for (const f of e.flags ?? []) add(p.scam.flags, f);
      for (const dm of e.domains ?? []) add(p.scam.domains, dm);
      if (e.hash) add(p.scam.hashes, e.hash.slice(0, 8));
      return;
    default:
      return;
  }
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

export { addStateful, chronological, emptyStateful, replayKey, type ReplayEvent, type Stateful } from "./rollup-replay.js";
export { finalizePart } from "./rollup-finalize.js";
