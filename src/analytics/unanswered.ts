import { features, normalize, type Features } from "../matcher/features.js";
import { redact } from "../privacy/redact.js";
import type { AnalyticsEvent } from "../store/state.js";

/**
 * Groups the questions the bot could not answer (the redacted text of `fallback` events) so the
 * content team sees each question once with how often it was asked, ready to label and add to
 * the pack as phrases or a new topic.
 */

/** One group of similar unanswered questions. */
export interface UnansweredGroup {
  /** The group's most frequent wording (redacted). */
  text: string;
  locale: string;
  /** How many times a question of this group was asked. */
  count: number;
  /** When one was last asked (ISO time). */
  lastSeen: string;
}

/** Tuning of {@link groupUnanswered}. */
export interface GroupOptions {
  /**
   * Two questions join a group when the weighted Jaccard similarity of their matcher features
   * (stems, character trigrams, Hangul bigrams) reaches this. Default 0.5.
   */
  threshold?: number;
}

/** Longest kept question, in characters (the engine stores at most 300). */
const MAX_TEXT = 300;

/** One wording of the unanswered questions, as normalised: the step before the similarity groups. */
export interface UnansweredExact {
  locale: string;
  norm: string;
  /** Redacted wordings seen, with how often. */
  wordings: Map<string, number>;
  count: number;
  lastSeen: string;
}

/** Map key of an {@link UnansweredExact}. */
export const exactId = (g: { locale: string; norm: string }) => `${g.locale}\u0000${g.norm}`;

interface Cluster {
  leader: Features;
  members: UnansweredExact[];
}

/**
 * Weighted Jaccard similarity of two feature bags: the sum of the smaller weights over the sum of
 * the larger ones, 0..1.
 *
 * @example similarity(features("was my card leaked"), features("card leaked?")) // 1
 */
export function similarity(a: Features, b: Features): number {
  let min = 0;
  let max = 0;
  for (const [k, wa] of a) {
    const wb = b.get(k) ?? 0;
    min += Math.min(wa, wb);
    max += Math.max(wa, wb);
  }
  for (const [k, wb] of b) if (!a.has(k)) max += wb;
  return max === 0 ? 0 : min / max;
}

const byFrequency = (a: { count: number; lastSeen: string; text: string }, b: { count: number; lastSeen: string; text: string }) =>
  b.count - a.count || (a.lastSeen < b.lastSeen ? 1 : a.lastSeen > b.lastSeen ? -1 : 0) || (a.text < b.text ? -1 : a.text > b.text ? 1 : 0);

/**
 * Groups the unanswered questions among `events` (other event types are ignored): first by
 * identical normalised text, then by similarity within each locale, most frequent groups first.
 * Text is redacted again on the way out, so events written by an older version cannot leak.
 *
 * @example groupUnanswered(events)[0] // { text: "how do I return an item", locale: "en", count: 4, lastSeen: "2026-11-27T09:00:00.000Z" }
 */
export function groupUnanswered(events: Iterable<AnalyticsEvent>, opts: GroupOptions = {}): UnansweredGroup[] {
  const exact = new Map<string, UnansweredExact>();
  for (const e of events) addUnanswered(exact, e);
  return clusterUnanswered(exact.values(), opts);
}

/** Adds one event (if it is a `fallback` with text) to the identical-wording groups of {@link groupUnanswered}. */
export function addUnanswered(exact: Map<string, UnansweredExact>, e: AnalyticsEvent): void {
  if (e.type !== "fallback" || !e.text) return;
  const text = redact(e.text).text.replace(/\s+/g, " ").trim().slice(0, MAX_TEXT);
  const norm = normalize(text);
  if (!norm) return;
  const id = exactId({ locale: e.locale, norm });
  const g = exact.get(id) ?? { locale: e.locale, norm, wordings: new Map(), count: 0, lastSeen: "" };
  g.wordings.set(text, (g.wordings.get(text) ?? 0) + 1);
  g.count += 1;
  if (e.at > g.lastSeen) g.lastSeen = e.at;
  exact.set(id, g);
}

/** The similarity groups of identical-wording groups (the second step of {@link groupUnanswered}), most frequent first. */
export function clusterUnanswered(exacts: Iterable<UnansweredExact>, opts: GroupOptions = {}): UnansweredGroup[] {
  const threshold = opts.threshold ?? 0.5;
  const wording = (g: UnansweredExact) => [...g.wordings].sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1))[0]?.[0] ?? g.norm;
  const ordered = [...exacts].sort((a, b) => byFrequency({ ...a, text: a.norm }, { ...b, text: b.norm }));

  const clusters = new Map<string, Cluster[]>();
  for (const g of ordered) {
    const f = features(g.norm);
    const list = clusters.get(g.locale) ?? [];
    const home = f.size > 0 ? list.find((c) => c.leader.size > 0 && similarity(c.leader, f) >= threshold) : undefined;
    if (home) home.members.push(g);
    else list.push({ leader: f, members: [g] });
    clusters.set(g.locale, list);
  }

  const out: UnansweredGroup[] = [];
  for (const [locale, list] of clusters) {
    for (const c of list) {
      const first = c.members[0];
      if (!first) continue;
      out.push({
        text: wording(first),
        locale,
        count: c.members.reduce((n, m) => n + m.count, 0),
        lastSeen: c.members.reduce((t, m) => (m.lastSeen > t ? m.lastSeen : t), ""),
      });
    }
  }
  return out.sort(byFrequency);
}
