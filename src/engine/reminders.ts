import type { ContentPack } from "../content/pack.js";
import { pick, ui } from "../content/pack.js";
import type { Task } from "../content/schema.js";
import { ids, type ReminderAction } from "./choice-ids.js";
import { l, say, t, type Turn } from "./context.js";
import { mainMenu } from "./menus.js";
import { nextAllowed, type QuietHours } from "./quiet-hours.js";
import type { Reminder } from "./reminder-book.js";
import type { Reply } from "./replies.js";
import { stepAction } from "./tasks.js";

/**
 * Reminders of task steps (issue 17): a step with `remindAfter` offers "done, remind me in 30
 * days"; the reminder comes back with "snooze a week" and "stop"; `/reminders` lists and cancels.
 * Turns only decide (`turn.reminderOps`); the engine writes the reminder book after the update.
 */

/** "Snooze a week". */
export const SNOOZE_MS = 7 * 86_400_000;

const UNIT = { h: ["hour", 3_600_000], d: ["day", 86_400_000], w: ["week", 604_800_000] } as const;
type Unit = keyof typeof UNIT;

/** A pack delay (`30d`, `2w`, `12h`) in milliseconds. */
export function delayMs(delay: string): number {
  return Number(delay.slice(0, -1)) * UNIT[delay.slice(-1) as Unit][1];
}

/** A pack delay in words, by `Intl` ("30 days", "30일"). */
export function formatDelay(locale: string, delay: string): string {
  const n = Number(delay.slice(0, -1));
  return new Intl.NumberFormat(locale, { style: "unit", unit: UNIT[delay.slice(-1) as Unit][0], unitDisplay: "long" }).format(n);
}

/** When a reminder will actually go out (quiet hours applied), as a date in the user's time zone. */
export function formatWhen(locale: string, due: Date, quiet: QuietHours): string {
  return new Intl.DateTimeFormat(locale, { timeZone: quiet.timeZone, dateStyle: "long" }).format(nextAllowed(due, quiet));
}

const hour = (h: number) => `${String(h).padStart(2, "0")}:00`;

/** The step's reminder, if it offers one. */
export function stepReminder(task: Task, stepId: string): { after: string; text: Record<string, string> } | undefined {
  const s = task.steps.find((x) => x.id === stepId);
  return s?.remindAfter && s.remindText ? { after: s.remindAfter, text: s.remindText } : undefined;
}

/** The prompt and the accept button a reminder step adds to its step buttons (tasks.ts). */
export function reminderOffer(turn: Turn, task: Task, stepId: string): { prompt: string; choice: { id: string; label: string } } | undefined {
  const r = stepReminder(task, stepId);
  if (!r || !turn.settings.remindersAvailable(turn.event.user.platform)) return undefined;
  const when = formatDelay(turn.locale, r.after);
  return { prompt: t(turn, "reminderOffer", { when }), choice: { id: ids.reminder("a", task.id, stepId), label: t(turn, "reminderAccept", { when }) } };
}

/** A reminder button: accept (done + remind), snooze, stop, or cancel from the list. */
export function onReminderChoice(turn: Turn, action: ReminderAction, taskId: string, stepId: string, stale: () => void): void {
  const task = turn.pack.taskById.get(taskId);
  const offer = task && stepReminder(task, stepId);
  const title = task ? l(turn, task.title) : "";
  const ops = (turn.reminderOps ??= []);
  const quiet = turn.settings.quietHours;
  switch (action) {
    case "a": {
      if (!task || !offer) return stale();
      if (turn.state.tasks[task.id]?.at === stepId && turn.state.tasks[task.id]?.status !== "completed") {
        const due = new Date(turn.now.getTime() + delayMs(offer.after));
        ops.push({ op: "set", task: task.id, step: stepId, due, locale: turn.locale });
        say(turn, t(turn, "reminderSet", { date: formatWhen(turn.locale, due, quiet), from: hour(quiet.start), to: hour(quiet.end) }));
      }
      return stepAction(turn, task, "done", stepId);
    }
    case "z": {
      if (!task || !offer) return stale();
      const due = new Date(turn.now.getTime() + SNOOZE_MS);
      ops.push({ op: "set", task: task.id, step: stepId, due, locale: turn.locale });
      say(turn, t(turn, "reminderSnoozed", { date: formatWhen(turn.locale, due, quiet) }));
      return;
    }
    case "x":
      ops.push({ op: "cancel", task: taskId, step: stepId });
      say(turn, t(turn, "reminderStopped"));
      return mainMenu(turn);
    case "c":
      ops.push({ op: "cancel", task: taskId, step: stepId });
      if (turn.reminders) turn.reminders = turn.reminders.filter((r) => !(r.task === taskId && r.step === stepId));
      say(turn, t(turn, "reminderCancelled", { title: title || taskId }));
      return listReminders(turn);
    default: {
      const never: never = action;
      throw new Error(`unhandled reminder action ${String(never)}`);
    }
  }
}

/** `/reminders`: the user's reminders with a cancel button each (the engine read them before the turn). */
export function listReminders(turn: Turn): void {
  const rs = turn.reminders ?? [];
  if (rs.length === 0) {
    say(turn, t(turn, "reminderNone"));
    return mainMenu(turn);
  }
  const quiet = turn.settings.quietHours;
  const shown = rs.slice(0, 10).map((r) => {
    const task = turn.pack.taskById.get(r.task);
    return { r, title: task ? l(turn, task.title) : r.task, date: formatWhen(turn.locale, r.due, quiet) };
  });
  turn.replies.push({
    kind: "choices",
    prompt: [t(turn, "reminderListPrompt"), ...shown.map((s, i) => `${i + 1}. ${t(turn, "reminderListItem", { title: s.title, date: s.date })}`)].join("\n"),
    choices: [
      ...shown.map((s) => ({ id: ids.reminder("c", s.r.task, s.r.step), label: t(turn, "reminderCancel", { title: s.title, date: s.date }) })),
      { id: ids.menu("main"), label: t(turn, "menuBack") },
    ],
  });
}

/**
 * The message a reminder is delivered as, in its locale from the current pack: the task's title,
 * the step's reminder text and links, "snooze a week" and "stop". Undefined when the pack no
 * longer has the step or its reminder (the reminder is then dropped).
 */
export function reminderMessage(pack: ContentPack, r: Pick<Reminder, "task" | "step" | "locale">): { locale: string; replies: Reply[] } | undefined {
  const task = pack.taskById.get(r.task);
  const offer = task && stepReminder(task, r.step);
  if (!task || !offer) return undefined;
  const locale = pack.meta.locales.includes(r.locale) ? r.locale : pack.meta.defaultLocale;
  const s = { pack, locale };
  const step = task.steps.find((x) => x.id === r.step);
  const replies: Reply[] = [{ kind: "text", text: `${ui(pack, "reminderHeader", locale, { title: pick(pack, task.title, locale) })}\n\n${pick(pack, offer.text, locale)}` }];
  if (step?.links?.length) replies.push({ kind: "links", links: step.links.map((k) => ({ label: l(s, k.label), url: k.url })) });
  replies.push({
    kind: "choices",
    choices: [
      { id: ids.reminder("z", r.task, r.step), label: ui(pack, "reminderSnooze", locale) },
      { id: ids.reminder("x", r.task, r.step), label: ui(pack, "reminderStop", locale) },
    ],
  });
  return { locale, replies };
}

/** True when a turn for `event` may list the user's reminders, so the engine reads them first. */
export function needsReminderList(event: { kind: string; command?: string; choiceId?: string }): boolean {
  return (event.kind === "command" && event.command === "reminders") || (event.kind === "choice" && !!event.choiceId?.startsWith("r:c:"));
}
