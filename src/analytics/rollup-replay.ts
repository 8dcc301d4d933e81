import type { AnalyticsEvent } from "../store/state.js";
import type { OpenHandoff } from "./dashboard.js";

/**
 * The figures of the support console that depend on a user's earlier events (conversations and
 * deflection, unanswered follow-ups of a topic, completed tasks, open handoffs), computed per user
 * by {@link replayKey} so one user's figures can be taken out and computed again over several days
 * (see rollup.ts and rollup-days.ts).
 */

/** Counts by key. */
export type Counts = Record<string, number>;
/** A map with no prototype: keys come from events (topics, domains, wordings). */
export const rec = <T>(): Record<string, T> => Object.create(null) as Record<string, T>;
/** Adds `n` to `m[k]`. */
export const add = (m: Counts, k: string, n = 1) => {
  m[k] = (m[k] ?? 0) + n;
};

/** The figures that depend on a user's earlier events. */
export interface Stateful {
  /** [conversations, deflected] per slice: `t`, `c:<channel>`, `l:<locale>`, `d:<day the conversation began>`. */
  conv: Record<string, [number, number]>;
  fallbackAfter: Counts;
  completed: Counts;
  /** Open handoffs by user key. */
  open: Record<string, OpenHandoff>;
}

/** No figures yet. */
export const emptyStateful = (): Stateful => ({ conv: rec(), fallbackAfter: rec(), completed: rec(), open: rec() });


/** By time; within one turn `conversation_started` first (as computeStats). */
export const chronological = (a: { at: string; type: string }, b: { at: string; type: string }) =>
  a.at < b.at ? -1 : a.at > b.at ? 1 : Number(b.type === "conversation_started") - Number(a.type === "conversation_started");

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
          if (e.task) {
            tasks.add(e.task);
            uncertain.delete(e.task);
          }
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
