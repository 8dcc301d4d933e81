/**
 * Choice ids: short strings that travel through platform buttons (Telegram allows 64 bytes of
 * callback data, Discord 100 characters of custom id) and come back as `choice` events.
 * Content ids are limited in the schema so every id here stays within 64 bytes.
 */

/** Longest choice id, in bytes (Telegram callback data). */
export const MAX_CHOICE_ID_BYTES = 64;

export type StepAction = "done" | "skip" | "back" | "pause" | "restart";
export type MenuName = "main" | "leaked" | "faq" | "tasks" | "lang" | "human";

/** Builders for every choice id the engine emits. */
export const ids = {
  menu: (m: MenuName) => `m:${m}`,
  group: (g: string) => `g:${g}`,
  faq: (topic: string) => `f:${topic}`,
  task: (task: string) => `t:${task}`,
  step: (action: StepAction, task: string, step: string) => `s:${action}:${task}:${step}`,
  lang: (locale: string) => `l:${locale}`,
  forget: (yes: boolean) => `x:${yes ? "yes" : "no"}`,
  feedback: (up: boolean, topic: string) => `fb:${up ? "up" : "down"}:${topic}`,
  /** A pick from "Is it one of these?": a topic, or none of them (null). */
  pick: (topic: string | null) => `p:${topic ?? "-"}`,
  /** The sources of an FAQ answer (`f`), an incident item (`i`) or the incident summary (`s`). */
  sources: (of: SourcesOf, id = "") => `src:${of}:${id}`,
  /** One incident item (`x`, by id), the not-exposed list (`n`), the list of items (`l`). */
  leak: (what: "x" | "n" | "l", item = "") => `lk:${what}:${item}`,
  /** Incident updates on or off (the offer's buttons). */
  updates: (on: boolean) => `u:${on ? "on" : "off"}`,
  /** A reminder of a task step: accept it (`a`, done and remind me), snooze it a week (`z`), stop it (`x`), cancel it from `/reminders` (`c`). */
  reminder: (action: ReminderAction, task: string, step: string) => `r:${action}:${task}:${step}`,
};

/** What a reminder button does (see {@link ids.reminder}). */
export type ReminderAction = "a" | "z" | "x" | "c";
const REMINDER_ACTIONS: readonly string[] = ["a", "z", "x", "c"];

/** What a sources choice points at: an FAQ entry, an incident item, the incident summary, the not-exposed list. */
export type SourcesOf = "f" | "i" | "s" | "n";

/** A parsed choice id; `stale` when it cannot be understood (an old button, a changed pack). */
export type ParsedChoice =
  | { kind: "menu"; menu: MenuName }
  | { kind: "group"; group: string }
  | { kind: "faq"; topic: string }
  | { kind: "task"; task: string }
  | { kind: "step"; action: StepAction; task: string; step: string }
  | { kind: "lang"; locale: string }
  | { kind: "forget"; yes: boolean }
  | { kind: "feedback"; up: boolean; topic: string }
  | { kind: "pick"; topic: string | null }
  | { kind: "sources"; of: SourcesOf; id: string }
  | { kind: "leak-item"; item: string }
  | { kind: "leak-not-exposed" }
  | { kind: "leak-list" }
  | { kind: "updates"; on: boolean }
  | { kind: "reminder"; action: ReminderAction; task: string; step: string }
  | { kind: "stale" };

const MENUS: readonly string[] = ["main", "leaked", "faq", "tasks", "lang", "human"];
const ACTIONS: readonly string[] = ["done", "skip", "back", "pause", "restart"];

/** Parses a choice id from a button. Never throws. */
export function parseChoiceId(id: string): ParsedChoice {
  const [head, a = "", b = "", c = ""] = id.split(":");
  switch (head) {
    case "m":
      return MENUS.includes(a) ? { kind: "menu", menu: a as MenuName } : { kind: "stale" };
    case "g":
      return a ? { kind: "group", group: a } : { kind: "stale" };
    case "f":
      return a ? { kind: "faq", topic: a } : { kind: "stale" };
    case "t":
      return a ? { kind: "task", task: a } : { kind: "stale" };
    case "s":
      return ACTIONS.includes(a) && b && c ? { kind: "step", action: a as StepAction, task: b, step: c } : { kind: "stale" };
    case "l":
      return a ? { kind: "lang", locale: a } : { kind: "stale" };
    case "x":
      return a === "yes" || a === "no" ? { kind: "forget", yes: a === "yes" } : { kind: "stale" };
    case "p":
      return a ? { kind: "pick", topic: a === "-" ? null : a } : { kind: "stale" };
    case "fb":
      return (a === "up" || a === "down") && b ? { kind: "feedback", up: a === "up", topic: b } : { kind: "stale" };
    case "src":
      if ((a === "f" || a === "i") && b) return { kind: "sources", of: a, id: b };
      return a === "s" || a === "n" ? { kind: "sources", of: a, id: "" } : { kind: "stale" };
    case "u":
      return a === "on" || a === "off" ? { kind: "updates", on: a === "on" } : { kind: "stale" };
    case "r":
      return REMINDER_ACTIONS.includes(a) && b && c ? { kind: "reminder", action: a as ReminderAction, task: b, step: c } : { kind: "stale" };
    case "lk":
      if (a === "x" && b) return { kind: "leak-item", item: b };
      return a === "n" ? { kind: "leak-not-exposed" } : a === "l" ? { kind: "leak-list" } : { kind: "stale" };
    default:
      return { kind: "stale" };
  }
}
