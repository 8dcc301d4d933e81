import { ids, parseChoiceId } from "./choice-ids.js";
import type { PendingPrompt } from "../store/state.js";
import { l, say, t, type Turn } from "./context.js";
import type { CommandName } from "./events.js";
import { askForHuman, inHandoff, relayToPerson } from "./handoff.js";
import { answerFaq, explainLeak, faqGroup, faqGroups, isGroup, languageMenu, mainMenu } from "./menus.js";
import { answerCheck, onCheckCommand, wantsCheck } from "./scam.js";
import { showStep, startTask, stepAction, tasksMenu } from "./tasks.js";
import { answerCompanyService, askWhichTopic, onPick } from "./unsure.js";
import { leakItem, leakList, notExposed } from "./leak.js";
import { showSources } from "./sources.js";
import type { Choice } from "./replies.js";
import { converse } from "./conversation.js";
import { finishPending, isPendingChoice, resolvedOutcome, setPending, takePending } from "./pending.js";
import { afterHelpful, onUpdatesCommand, setUpdates } from "./updates.js";
import { listReminders, onReminderChoice } from "./reminders.js";
import { commandList } from "./help.js";

/**
 * Decides the replies to one event; changes `turn.state`. Pure apart from the turn. The prompt
 * the bot was waiting on is answered in this turn or dropped; the one this turn asks is kept.
 */
export function route(turn: Turn): void {
  const pending = takePending(turn);
  decide(turn, pending);
  finishPending(turn);
}

function decide(turn: Turn, pending: PendingPrompt | undefined): void {
  const e = turn.event;
  const handoff = inHandoff(turn);
  switch (e.kind) {
    case "start":
      return onStart(turn, e.payload);
    case "command":
      return onCommand(turn, e.command, e.args);
    case "choice":
      onChoice(turn, e.choiceId);
      if (pending && isPendingChoice(pending, e.choiceId)) resolvedOutcome(turn, pending, e.choiceId);
      return;
    case "text":
      if (handoff) return relayToPerson(turn);
      if (wantsCheck(turn, e)) return answerCheck(turn, e.text);
      return converse(turn, turn.redactedText ?? "", pending, { ask: onText, choose: onChoice });
    case "unsupported":
      say(turn, t(turn, "unsupportedMessage"));
      return mainMenu(turn);
    default: {
      const never: never = e;
      throw new Error(`unhandled event ${JSON.stringify(never)}`);
    }
  }
}

function onStart(turn: Turn, payload: string | undefined): void {
  const p = payload?.trim() ?? "";
  if (p === "tasks") return tasksMenu(turn);
  if (p === "leaked") return explainLeak(turn);
  if (p === "human") return askForHuman(turn, "requested");
  // `task-<id>` as the bot's own links write it, or the bare task id as a person writes a link.
  const task = turn.pack.taskById.get(p.startsWith("task-") ? p.slice(5) : p) ?? turn.pack.taskById.get(p);
  if (task) return startTask(turn, task);
  say(turn, t(turn, "welcome", { title: l(turn, turn.pack.meta.title), incident: l(turn, turn.pack.meta.incident) }));
  resumeOffer(turn);
  mainMenu(turn);
}

function resumeOffer(turn: Turn): void {
  const active = Object.entries(turn.state.tasks).find(([, p]) => p.status !== "completed");
  const task = active && turn.pack.taskById.get(active[0]);
  if (task) {
    turn.replies.push({ kind: "choices", choices: [{ id: ids.task(task.id), label: `▶ ${t(turn, "taskResumed", { title: l(turn, task.title) })}` }] });
  }
}

function onCommand(turn: Turn, command: CommandName, args?: string): void {
  switch (command) {
    case "start":
      return onStart(turn, args);
    case "help":
      say(turn, t(turn, "help", { commands: commandList(turn) }));
      return mainMenu(turn);
    case "leaked":
      return explainLeak(turn);
    case "faq":
      return faqGroups(turn);
    case "tasks":
      return tasksMenu(turn);
    case "language": {
      const want = args?.trim().toLowerCase();
      if (want && turn.pack.meta.locales.includes(want)) return setLocale(turn, want);
      return languageMenu(turn);
    }
    case "forget":
      turn.replies.push({
        kind: "choices",
        prompt: t(turn, "forgetConfirmPrompt"),
        choices: [
          { id: ids.forget(true), label: t(turn, "forgetYes") },
          { id: ids.forget(false), label: t(turn, "forgetNo") },
        ],
      });
      setPending(turn, { kind: "forget", answers: { yes: ids.forget(true), no: ids.forget(false) } });
      return;
    case "human":
      return askForHuman(turn, "requested");
    case "check":
      return onCheckCommand(turn, args);
    case "updates":
      return onUpdatesCommand(turn, args);
    case "reminders":
      return listReminders(turn);
    default: {
      const never: never = command;
      throw new Error(`unhandled command ${String(never)}`);
    }
  }
}

function setLocale(turn: Turn, locale: string): void {
  turn.locale = locale;
  turn.state.locale = locale;
  turn.state.localeChosen = true;
  say(turn, t(turn, "languageChanged"));
  mainMenu(turn);
}

function onChoice(turn: Turn, choiceId: string): void {
  const c = parseChoiceId(choiceId);
  switch (c.kind) {
    case "menu":
      if (c.menu === "main") return mainMenu(turn, true);
      if (c.menu === "leaked") return explainLeak(turn);
      if (c.menu === "faq") return faqGroups(turn, true);
      if (c.menu === "tasks") return tasksMenu(turn, true);
      if (c.menu === "lang") return languageMenu(turn);
      return askForHuman(turn, "requested");
    case "group":
      return isGroup(turn, c.group) ? faqGroup(turn, c.group) : stale(turn);
    case "faq": {
      const e = turn.pack.faqById.get(c.topic);
      return e ? answerFaq(turn, e) : stale(turn);
    }
    case "task": {
      const task = turn.pack.taskById.get(c.task);
      return task ? startTask(turn, task) : stale(turn);
    }
    case "step": {
      const task = turn.pack.taskById.get(c.task);
      return task ? stepAction(turn, task, c.action, c.step) : stale(turn);
    }
    case "lang":
      return turn.pack.meta.locales.includes(c.locale) ? setLocale(turn, c.locale) : stale(turn);
    case "forget":
      if (c.yes) {
        turn.forget = true;
        return say(turn, t(turn, "forgetDone"));
      }
      say(turn, t(turn, "forgetCancelled"));
      return mainMenu(turn);
    case "feedback":
      return onFeedback(turn, c.topic, c.up);
    case "pick":
      return onPick(turn, c.topic);
    case "sources":
      return showSources(turn, c.of, c.id) ? undefined : stale(turn);
    case "leak-item":
      return leakItem(turn, c.item) ? undefined : stale(turn);
    case "leak-not-exposed":
      return notExposed(turn);
    case "leak-list":
      return leakList(turn, true);
    case "updates":
      setUpdates(turn, c.on);
      return c.on ? undefined : mainMenu(turn);
    case "reminder":
      return onReminderChoice(turn, c.action, c.task, c.step, () => stale(turn));
    case "stale":
      return stale(turn);
    default: {
      const never: never = c;
      throw new Error(`unhandled choice ${JSON.stringify(never)}`);
    }
  }
}

function stale(turn: Turn): void {
  say(turn, t(turn, "staleChoice"));
  mainMenu(turn);
}

/**
 * 👍 / 👎 on an answer, counted once per topic. 👍 thanks the user; 👎 offers the entry's
 * follow-ups and a person.
 */
function onFeedback(turn: Turn, topic: string, up: boolean): void {
  const entry = turn.pack.faqById.get(topic);
  if (!entry) return stale(turn);
  if (!turn.state.feedback.includes(topic)) {
    turn.state.feedback.push(topic);
    turn.analytics.push({ type: "feedback", topic, value: up ? "up" : "down" });
  }
  if (up) {
    say(turn, t(turn, "feedbackThanks"));
    return afterHelpful(turn);
  }
  const related: Choice[] = entry.followUps.flatMap((id) => {
    const e = turn.pack.faqById.get(id);
    return e ? [{ id: ids.faq(e.id), label: l(turn, e.label) }] : [];
  });
  turn.replies.push({
    kind: "choices",
    prompt: t(turn, "feedbackSorry"),
    choices: [...related, { id: ids.menu("human"), label: t(turn, "menuHuman") }, { id: ids.menu("main"), label: t(turn, "menuBack") }],
  });
}

function onText(turn: Turn, text: string): void {
  const m = turn.matcher.classify(text);
  const active = turn.state.activeTask ? turn.pack.taskById.get(turn.state.activeTask) : undefined;
  const label = (id: string) => {
    const e = turn.pack.faqById.get(id);
    return e ? l(turn, e.label) : id;
  };
  if (m.topic && m.ambiguous) {
    const options = [m.topic, ...m.alternatives.filter((a) => a.score >= m.score - 0.06).map((a) => a.topic)].slice(0, 3);
    turn.analytics.push({ type: "did_you_mean", topic: m.topic, score: m.score });
    turn.replies.push({
      kind: "choices",
      prompt: t(turn, "didYouMean"),
      choices: [...options.map((id) => ({ id: ids.faq(id), label: label(id) })), { id: ids.menu("main"), label: t(turn, "menuBack") }],
    });
    setPending(turn, { kind: "did-you-mean", answers: { yes: ids.faq(m.topic), no: ids.menu("main") } });
    turn.outcome = { kind: "topic", topic: m.topic, via: "did-you-mean" };
    return;
  }
  const entry = m.topic ? turn.pack.faqById.get(m.topic) : undefined;
  if (entry) {
    answerFaq(turn, entry, m.score);
    if (active) continueTask(turn, active.id);
    return;
  }
  if (m.outcome === "ask" && m.alternatives.length > 0) return askWhichTopic(turn, m.alternatives.map((a) => a.topic), text, m.score);
  if (m.outOfScope === "company-service") return answerCompanyService(turn);
  turn.state.fallbacks += 1;
  turn.analytics.push({ type: "fallback", score: m.score, text: text.slice(0, 300) });
  turn.outcome = { kind: "fallback", reason: "not-understood" };
  if (active) {
    say(turn, t(turn, "fallbackNoSuggestions"));
    return showStep(turn, active);
  }
  if (turn.state.fallbacks >= turn.settings.fallbacksBeforeHandoff) {
    turn.state.fallbacks = 0;
    return askForHuman(turn, "fallbacks");
  }
  const suggestions: Choice[] = m.alternatives.filter((a) => a.score >= 0.12).map((a) => ({ id: ids.faq(a.topic), label: label(a.topic) }));
  say(turn, suggestions.length ? t(turn, "fallback") : t(turn, "fallbackNoSuggestions"));
  turn.replies.push({
    kind: "choices",
    choices: [
      ...suggestions,
      { id: ids.menu("faq"), label: t(turn, "menuFaq") },
      { id: ids.menu("human"), label: t(turn, "menuHuman") },
    ],
  });
}

function continueTask(turn: Turn, taskId: string): void {
  const task = turn.pack.taskById.get(taskId);
  if (!task) return;
  turn.replies.push({ kind: "choices", choices: [{ id: ids.task(task.id), label: `▶ ${t(turn, "taskResumed", { title: l(turn, task.title) })}` }] });
}
