import type { AnalyticsEvent } from "../store/state.js";
import type { Dashboard, DashboardFilter } from "./dashboard.js";
import { addPart, addStateful, chronological, emptyPart, emptyStateful, finalizePart, partFromJson, partOf, partToJson, passes, replayKey, type Part, type ReplayEvent } from "./rollup.js";

/**
 * One UTC day of analytics events, summed once so the console never reads it again (kept by
 * the dashboard runner, persisted in the store). Per filter (every combination of the day's
 * channels, locales and packs, "any" included) a {@link Part}; a Bloom filter of the day's user
 * keys; and, for the users whose figures may depend on another day, their events (without text):
 * those whose day does not begin with `conversation_started`, who have a task or handoff event
 * still open at the end or completed without a start that day, any handoff event, more than one
 * channel, locale or pack, or an event in the day's last hour (a conversation that may go on after
 * midnight). Everyone else's day stands on its own: its figures add up as they are.
 */
export interface DayRollup {
  day: string;
  /** The store's size of the day when it was summed (see Store.eventDays). */
  size: number;
  channels: string[];
  locales: string[];
  packs: string[];
  /** Part per filter key ({@link filterKey}); false when there were too many combinations to keep all (single filters only then). */
  parts: Record<string, Part>;
  allCombos: boolean;
  bloom: Bloom;
  /** Per user key, the events of a user whose figures may depend on other days (sorted, stripped). */
  linked: Record<string, ReplayEvent[]>;
}

/** Rollup format; bump when Part or DayRollup changes so persisted rollups are rebuilt. */
export const ROLLUP_VERSION = 2;
const MAX_COMBOS = 64;
const LAST_HOUR_MS = 3_600_000;

/** The filter's key among a rollup's parts. */
export const filterKey = (f: DashboardFilter) => `${f.channel ?? ""}|${f.locale ?? ""}|${f.pack ?? ""}`;

interface Bloom {
  bits: number;
  data: string;
}
const HASHES = 7;
function hashes(key: string, bits: number): number[] {
  let h1 = 0x811c9dc5;
  let h2 = 0x12345678;
  for (let i = 0; i < key.length; i++) {
    const c = key.charCodeAt(i);
    h1 = Math.imul(h1 ^ c, 0x01000193);
    h2 = Math.imul(h2 ^ c, 0x5bd1e995) ^ (h2 >>> 15);
  }
  return Array.from({ length: HASHES }, (_, i) => ((h1 + i * (h2 | 1)) >>> 0) % bits);
}
function makeBloom(keys: Iterable<string>, n: number): Bloom {
  const bits = Math.max(64, Math.ceil(n * 9.6));
  const buf = Buffer.alloc(Math.ceil(bits / 8));
  for (const k of keys) for (const b of hashes(k, bits)) buf[b >> 3]! |= 1 << (b & 7);
  return { bits, data: buf.toString("base64") };
}
/** Bloom filter lookups of one rollup (decoded once). */
const bloomCache = new WeakMap<Bloom, Buffer>();
function mayHave(b: Bloom, key: string): boolean {
  let buf = bloomCache.get(b);
  if (!buf) bloomCache.set(b, (buf = Buffer.from(b.data, "base64")));
  return hashes(key, b.bits).every((i) => (buf[i >> 3]! & (1 << (i & 7))) !== 0);
}

const strip = (e: AnalyticsEvent): ReplayEvent => ({
  at: e.at,
  key: e.key,
  type: e.type,
  channel: e.channel,
  locale: e.locale,
  ...(e.pack ? { pack: e.pack } : {}),
  ...(e.topic ? { topic: e.topic } : {}),
  ...(e.task ? { task: e.task } : {}),
});
const STATEFUL = new Set(["conversation_started", "topic_answered", "fallback", "handoff_requested", "handoff_taken", "handoff_closed", "task_started", "task_completed"]);

/** Whether a user's day (sorted) may depend on or carry into another day (see {@link DayRollup}). */
function linkedDay(list: readonly AnalyticsEvent[], dayEnd: number): boolean {
  const first = list[0]!;
  const last = list[list.length - 1]!;
  if (first.type !== "conversation_started") return true;
  if (Date.parse(last.at) >= dayEnd - LAST_HOUR_MS) return true;
  const open = new Set<string>();
  for (const e of list) {
    if (e.channel !== first.channel || e.locale !== first.locale || e.pack !== first.pack) return true;
    if (e.type.startsWith("handoff_")) return true;
    if (e.type === "task_started" && e.task) open.add(e.task);
    if (e.type === "task_completed" && e.task && !open.delete(e.task)) return true;
  }
  return open.size > 0;
}

/**
 * Sums one day's events. `events` must all be of `day`.
 *
 * @example const r = rollupDay("2026-11-30", 1234, events); combineDays([r], {}, {})
 */
export function rollupDay(day: string, size: number, events: readonly AnalyticsEvent[]): DayRollup {
  const channels = [...new Set(events.map((e) => e.channel))].sort();
  const locales = [...new Set(events.map((e) => e.locale))].sort();
  const packs = [...new Set(events.flatMap((e) => (e.pack ? [e.pack] : [])))].sort();
  const combos = (channels.length + 1) * (locales.length + 1) * (packs.length + 1);
  const allCombos = combos <= MAX_COMBOS;
  const filters: DashboardFilter[] = [];
  for (const channel of ["", ...channels])
    for (const locale of ["", ...locales])
      for (const pack of ["", ...packs]) {
        const set = [channel, locale, pack].filter(Boolean).length;
        if (allCombos || set <= 1) filters.push({ ...(channel ? { channel } : {}), ...(locale ? { locale } : {}), ...(pack ? { pack } : {}) });
      }
  const parts: Record<string, Part> = Object.create(null) as Record<string, Part>;
  for (const f of filters) parts[filterKey(f)] = partOf(events, f);
  const byKey = new Map<string, AnalyticsEvent[]>();
  for (const e of events) {
    const l = byKey.get(e.key);
    if (l) l.push(e);
    else byKey.set(e.key, [e]);
  }
  const dayEnd = Date.parse(`${day}T00:00:00.000Z`) + 86_400_000;
  const linked: Record<string, ReplayEvent[]> = Object.create(null) as Record<string, ReplayEvent[]>;
  for (const [key, list] of byKey) {
    list.sort(chronological);
    if (!linkedDay(list, dayEnd)) continue;
    const first = list[0]!;
    const mixed = list.some((e) => e.channel !== first.channel || e.locale !== first.locale || e.pack !== first.pack);
    // Events that change none of the state-dependent figures are left out (the first stays: it may open a conversation).
    linked[key] = list.filter((e, i) => i === 0 || mixed || STATEFUL.has(e.type)).map(strip);
  }
  return { day, size, channels, locales, packs, parts, allCombos, bloom: makeBloom(byKey.keys(), byKey.size), linked };
}

/** A linked user's event in the stored form: [at, type, channel, locale, pack, topic, task] ("" for none). */
type Row = [string, ReplayEvent["type"], string, string, string, string, string];

/** A rollup as a string for the store (linked events as rows), and back. */
export const rollupToString = (r: DayRollup) =>
  JSON.stringify({
    ...r,
    parts: Object.fromEntries(Object.entries(r.parts).map(([k, p]) => [k, partToJson(p)])),
    linked: Object.fromEntries(Object.entries(r.linked).map(([k, list]) => [k, list.map((e): Row => [e.at, e.type, e.channel, e.locale, e.pack ?? "", e.topic ?? "", e.task ?? ""])])),
  });
export function rollupFromString(s: string): DayRollup {
  const j = JSON.parse(s) as Omit<DayRollup, "parts" | "linked"> & { parts: Record<string, ReturnType<typeof partToJson>>; linked: Record<string, Row[]> };
  const parts = Object.create(null) as Record<string, Part>;
  for (const [k, p] of Object.entries(j.parts)) parts[k] = partFromJson(p);
  const linked = Object.create(null) as Record<string, ReplayEvent[]>;
  for (const [key, rows] of Object.entries(j.linked)) {
    linked[key] = rows.map(([at, type, channel, locale, pack, topic, task]) => ({ at, key, type, channel, locale, ...(pack ? { pack } : {}), ...(topic ? { topic } : {}), ...(task ? { task } : {}) }));
  }
  return { ...j, parts, linked };
}

/**
 * The dashboard of consecutive days (oldest first; today's rollup last, built from its events
 * the same way) for one filter: the days' parts added up, then each linked user's state-dependent
 * figures taken out and computed again over all the days at once. Undefined when that cannot be
 * done from what the rollups hold (the caller then reads the events): a filter combination a day
 * did not keep, or a linked user whose earlier day was not kept (see {@link replayKey}).
 */
export function combineDays(days: readonly DayRollup[], filter: DashboardFilter, opts: { top?: number; now?: string } = {}): Dashboard | undefined {
  const key = filterKey(filter);
  const total = emptyPart();
  for (const d of days) {
    const p = d.parts[key];
    if (p) addPart(total, p);
    else if (!d.allCombos && [filter.channel, filter.locale, filter.pack].filter(Boolean).length > 1) return undefined;
  }
  total.st.open = Object.create(null) as Part["st"]["open"];
  const users = new Map<string, number>();
  for (const d of days) for (const k in d.linked) users.set(k, (users.get(k) ?? 0) + 1);
  const exact = emptyStateful();
  const fresh = emptyStateful();
  for (const [user, linkedDays] of users) {
    if (linkedDays === 1) {
      // Linked on one day only, and that day begins a conversation: nothing before it carries in
      // (other days of the user's stand on their own), so its figures in the day's part are exact.
      const d = days.find((x) => x.linked[user])!;
      const seg = d.linked[user]!.filter((e) => passes(e, filter));
      if (seg.length === 0 || seg[0]!.type === "conversation_started") {
        const open = d.parts[key]?.st.open[user];
        if (open) exact.open[user] = open;
        continue;
      }
    }
    const segments: (ReplayEvent[] | "reset")[] = [];
    for (const d of days) {
      const own = d.linked[user];
      if (own) {
        const seg = own.filter((e) => passes(e, filter));
        segments.push(seg);
        if (!replayKey([seg], fresh)) return undefined;
      } else if (mayHave(d.bloom, user)) segments.push("reset");
    }
    if (!replayKey(segments, exact)) return undefined;
  }
  addStateful(total.st, fresh, -1);
  addStateful(total.st, exact);
  total.st.open = exact.open;
  const lists = { channels: new Set<string>(), locales: new Set<string>(), packs: new Set<string>() };
  for (const d of days) {
    d.channels.forEach((c) => lists.channels.add(c));
    d.locales.forEach((c) => lists.locales.add(c));
    d.packs.forEach((c) => lists.packs.add(c));
  }
  return finalizePart(total, { channels: [...lists.channels], locales: [...lists.locales], packs: [...lists.packs] }, opts);
}
