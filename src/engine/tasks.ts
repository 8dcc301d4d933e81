import type { Task } from "../content/schema.js";
import type { TaskProgress } from "../store/state.js";
import { ids, type StepAction } from "./choice-ids.js";
import { l, say, t, type Turn } from "./context.js";
import { mainMenu } from "./menus.js";
import { setPending } from "./pending.js";
import type { Choice } from "./replies.js";
import { reminderOffer } from "./reminders.js";

const stepIndex = (task: Task, p: TaskProgress) => {
  const i = task.steps.findIndex((s) => s.id === p.at);
  if (i >= 0) return i;
  // The step vanished in a content update: continue at the first step not yet handled.
  const j = task.steps.findIndex((s) => !p.done.includes(s.id) && !p.skipped.includes(s.id));
  return j >= 0 ? j : task.steps.length - 1;
};

/** "3/8"-style progress label of a task for the list. */
export function taskStatus(turn: Turn, task: Task): string {
  const p = turn.state.tasks[task.id];
  if (!p) return t(turn, "taskStatusNew");
  if (p.status === "completed") return t(turn, "taskStatusDone");
  return t(turn, "taskStatusActive", { n: stepIndex(task, p) + 1, total: task.steps.length });
}

/** Lists the guided tasks with their status. */
export function tasksMenu(turn: Turn, replaceMenu = false): void {
  turn.replies.push({
    kind: "choices",
    prompt: t(turn, "tasksPrompt"),
    replaceMenu,
    choices: [
      ...turn.pack.tasks.map((task) => ({ id: ids.task(task.id), label: `${l(turn, task.title)} · ${taskStatus(turn, task)}` })),
      { id: ids.menu("main"), label: t(turn, "menuBack") },
    ],
  });
}

/** Shows the step the user is on, with progress and actions. */
export function showStep(turn: Turn, task: Task, replaceMenu = false): void {
  const p = turn.state.tasks[task.id];
  if (!p) return;
  const i = stepIndex(task, p);
  const step = task.steps[i];
  if (!step) return;
  // A pack update removed the step the user was on: say so before continuing at the next one.
  if (p.at !== step.id) say(turn, t(turn, "taskStepRemoved"));
  p.at = step.id;
  say(turn, `**${t(turn, "taskProgress", { title: l(turn, task.title), n: i + 1, total: task.steps.length })}**\n\n${l(turn, step.text)}`);
  if (step.links?.length) {
    turn.replies.push({ kind: "links", links: step.links.map((k) => ({ label: l(turn, k.label), url: k.url })) });
  }
  const c = (a: StepAction, key: Parameters<typeof t>[1]): Choice => ({ id: ids.step(a, task.id, step.id), label: t(turn, key) });
  // A step that offers a reminder asks "Shall I remind you…?": its button (and a typed yes) is done + remind.
  const remind = reminderOffer(turn, task, step.id);
  turn.replies.push({
    kind: "choices",
    replaceMenu,
    ...(remind ? { prompt: remind.prompt } : {}),
    choices: [...(remind ? [remind.choice] : []), c("done", "taskDone"), c("skip", "taskSkip"), ...(i > 0 ? [c("back", "taskBack")] : []), c("pause", "taskPause")],
  });
  const done = ids.step("done", task.id, step.id);
  const skip = ids.step("skip", task.id, step.id);
  setPending(turn, { kind: "task-step", answers: { done, yes: remind?.choice.id ?? done, skip, no: skip } });
}

/** Starts or resumes a task. In a group chat, moves it to a private chat instead. */
export function startTask(turn: Turn, task: Task): void {
  if (turn.event.user.chat === "group") {
    turn.replies.push({
      kind: "private",
      text: t(turn, "taskStarted", { title: l(turn, task.title), total: task.steps.length }),
      payload: `task-${task.id}`,
      choiceId: ids.task(task.id),
      label: `▶ ${l(turn, task.title)}`,
    });
    return;
  }
  const now = turn.now.toISOString();
  const existing = turn.state.tasks[task.id];
  if (existing?.status === "completed") {
    say(turn, t(turn, "taskAlreadyDone", { title: l(turn, task.title) }));
    turn.replies.push({
      kind: "choices",
      choices: [
        { id: ids.step("restart", task.id, task.steps[0]?.id ?? "x"), label: t(turn, "taskRestart") },
        { id: ids.menu("tasks"), label: t(turn, "menuBack") },
      ],
    });
    return;
  }
  if (existing) {
    existing.status = "active";
    existing.updatedAt = now;
    say(turn, t(turn, "taskResumed", { title: l(turn, task.title) }));
  } else {
    turn.state.tasks[task.id] = { at: task.steps[0]?.id ?? "", done: [], skipped: [], status: "active", updatedAt: now };
    say(turn, `${t(turn, "taskStarted", { title: l(turn, task.title), total: task.steps.length })}\n\n${l(turn, task.summary)}`);
    turn.analytics.push({ type: "task_started", task: task.id });
  }
  turn.state.activeTask = task.id;
  showStep(turn, task);
}

/** Applies a step button (done, skip, back, pause, restart); stale buttons show the current step. */
export function stepAction(turn: Turn, task: Task, action: StepAction, stepId: string): void {
  const p = turn.state.tasks[task.id];
  if (action === "restart") {
    delete turn.state.tasks[task.id];
    startTask(turn, task);
    return;
  }
  if (!p || p.status === "completed" || p.at !== stepId) {
    say(turn, t(turn, "staleChoice"));
    if (p && p.status !== "completed") {
      p.status = "active";
      turn.state.activeTask = task.id;
      showStep(turn, task);
    } else tasksMenu(turn);
    return;
  }
  p.updatedAt = turn.now.toISOString();
  p.status = "active";
  turn.state.activeTask = task.id;
  if (!task.steps.some((s) => s.id === stepId)) return showStep(turn, task);
  const i = stepIndex(task, p);
  if (action === "pause") {
    p.status = "paused";
    turn.state.activeTask = undefined;
    say(turn, t(turn, "taskPaused", { title: l(turn, task.title), n: i + 1, total: task.steps.length }));
    mainMenu(turn);
    return;
  }
  if (action === "back") {
    p.at = task.steps[Math.max(0, i - 1)]?.id ?? p.at;
    showStep(turn, task, true);
    return;
  }
  const mark = action === "done" ? p.done : p.skipped;
  const other = action === "done" ? p.skipped : p.done;
  if (!mark.includes(stepId)) mark.push(stepId);
  const o = other.indexOf(stepId);
  if (o >= 0) other.splice(o, 1);
  turn.analytics.push({ type: "task_step", task: task.id, step: stepId, value: action });
  const next = task.steps[i + 1];
  if (next) {
    p.at = next.id;
    showStep(turn, task, true);
    return;
  }
  complete(turn, task, p);
}

function complete(turn: Turn, task: Task, p: TaskProgress): void {
  p.status = "completed";
  turn.state.activeTask = undefined;
  turn.analytics.push({ type: "task_completed", task: task.id });
  say(turn, t(turn, "taskCompleted", { title: l(turn, task.title), done: p.done.length, skipped: p.skipped.length }));
  const next = task.next ? turn.pack.taskById.get(task.next) : undefined;
  const suggestion = next && turn.state.tasks[next.id]?.status !== "completed" ? next : undefined;
  turn.replies.push({
    kind: "choices",
    prompt: suggestion ? t(turn, "taskNextSuggestion", { title: l(turn, suggestion.title) }) : undefined,
    choices: [
      ...(suggestion ? [{ id: ids.task(suggestion.id), label: `▶ ${l(turn, suggestion.title)}` }] : []),
      { id: ids.menu("tasks"), label: t(turn, "menuTasks") },
      { id: ids.menu("main"), label: t(turn, "menuBack") },
    ],
  });
}
