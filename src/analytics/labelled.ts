import { redact } from "../privacy/redact.js";
import type { AnalyticsEvent } from "../store/state.js";

/**
 * Labelled examples from "Is it one of these?": each `unsure_asked` event (the redacted question)
 * paired with the next `unsure_picked` event of the same pseudonymous key (the topic the user
 * chose). Ready for the content team to add as training phrases after review.
 */

/** One question the user labelled with a topic, with how often that exact pair occurred. */
export interface LabelledExample {
  text: string;
  locale: string;
  /** The chosen topic id. */
  label: string;
  count: number;
  lastSeen: string;
}

/** Longest kept question, in characters (the engine stores at most 300). */
const MAX_TEXT = 300;

/**
 * Pairs asked questions with their picks; "none of these" picks and unanswered asks are left
 * out (they are unanswered questions, see `unansweredAsks`). Most frequent first.
 *
 * @example labelledExamples(events)[0] // { text: "is my card ok", locale: "en", label: "card-safety", count: 2, lastSeen: "…" }
 */
export function labelledExamples(events: Iterable<AnalyticsEvent>): LabelledExample[] {
  const open = new Map<string, AnalyticsEvent>();
  const out = new Map<string, LabelledExample>();
  const sorted = [...events].sort((a, b) => (a.at < b.at ? -1 : a.at > b.at ? 1 : 0));
  for (const e of sorted) {
    if (e.type === "unsure_asked" && e.text) open.set(e.key, e);
    else if (e.type === "unsure_picked") {
      const asked = open.get(e.key);
      open.delete(e.key);
      if (!asked?.text || !e.topic) continue;
      const text = redact(asked.text).text.replace(/\s+/g, " ").trim().slice(0, MAX_TEXT);
      const id = `${asked.locale}\u0000${e.topic}\u0000${text}`;
      const x = out.get(id) ?? { text, locale: asked.locale, label: e.topic, count: 0, lastSeen: "" };
      x.count += 1;
      if (e.at > x.lastSeen) x.lastSeen = e.at;
      out.set(id, x);
    }
  }
  return [...out.values()].sort((a, b) => b.count - a.count || (a.lastSeen < b.lastSeen ? 1 : -1));
}

/**
 * The asked questions that got no topic (the user picked "none of these" or never answered),
 * as `fallback`-like events for the unanswered export.
 */
export function unansweredAsks(events: Iterable<AnalyticsEvent>): AnalyticsEvent[] {
  const sorted = [...events].sort((a, b) => (a.at < b.at ? -1 : a.at > b.at ? 1 : 0));
  const open = new Map<string, AnalyticsEvent>();
  const out: AnalyticsEvent[] = [];
  for (const e of sorted) {
    if (e.type === "unsure_asked") {
      const prev = open.get(e.key);
      if (prev) out.push({ ...prev, type: "fallback" });
      open.set(e.key, e);
    } else if (e.type === "unsure_picked") {
      const asked = open.get(e.key);
      open.delete(e.key);
      if (asked && !e.topic) out.push({ ...asked, type: "fallback" });
    }
  }
  for (const e of open.values()) out.push({ ...e, type: "fallback" });
  return out;
}
