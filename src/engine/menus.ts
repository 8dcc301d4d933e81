import { ui } from "../content/pack.js";
import type { FaqEntry } from "../content/schema.js";
import { l, say, t, type Turn } from "./context.js";
import type { Choice } from "./replies.js";
import { ids } from "./choice-ids.js";
import { setPending } from "./pending.js";
import { asClaim, sourcesChoice } from "./sources.js";

export { explainLeak } from "./leak.js";

/** True if `g` names one of the pack's FAQ groups (pack.yaml `groups`). */
export const isGroup = (turn: Pick<Turn, "pack">, g: string): boolean => turn.pack.meta.groups.some((x) => x.id === g);

/** The main menu choices. Needs only the pack, the locale and somewhere to put replies. */
export function mainMenu(turn: Pick<Turn, "pack" | "locale" | "replies">, replaceMenu = false): void {
  turn.replies.push({
    kind: "choices",
    prompt: t(turn, "menuPrompt"),
    replaceMenu,
    choices: [
      { id: ids.menu("leaked"), label: t(turn, "menuLeaked") },
      { id: ids.menu("faq"), label: t(turn, "menuFaq") },
      { id: ids.menu("tasks"), label: t(turn, "menuTasks") },
      { id: ids.menu("lang"), label: t(turn, "menuLanguage") },
      { id: ids.menu("human"), label: t(turn, "menuHuman") },
    ],
  });
}

/** The FAQ groups. */
export function faqGroups(turn: Turn, replaceMenu = false): void {
  const present = turn.pack.meta.groups.filter((g) => turn.pack.faq.some((e) => e.group === g.id));
  turn.replies.push({
    kind: "choices",
    prompt: t(turn, "faqListPrompt"),
    replaceMenu,
    choices: [
      ...present.map((g) => ({ id: ids.group(g.id), label: l(turn, g.label) })),
      { id: ids.menu("main"), label: t(turn, "menuBack") },
    ],
  });
}

/** The questions of one FAQ group. */
export function faqGroup(turn: Turn, group: string): void {
  const entries = turn.pack.faq.filter((e) => e.group === group);
  const label = turn.pack.meta.groups.find((g) => g.id === group)?.label;
  turn.replies.push({
    kind: "choices",
    prompt: label ? l(turn, label) : t(turn, "faqListPrompt"),
    replaceMenu: true,
    choices: [
      ...entries.map((e) => ({ id: ids.faq(e.id), label: l(turn, e.label) })),
      { id: ids.menu("faq"), label: t(turn, "menuBack") },
    ],
  });
}

/**
 * Answers one FAQ entry: the answer, its links, follow-ups and the task it suggests, then asks
 * "Was this helpful?" (👍 / 👎) unless the user already rated this topic.
 */
export function answerFaq(turn: Turn, entry: FaqEntry, score?: number): void {
  say(turn, asClaim(turn, entry.claim, l(turn, entry.answer)));
  if (entry.links?.length) {
    turn.replies.push({ kind: "links", links: entry.links.map((k) => ({ label: l(turn, k.label), url: k.url })) });
  }
  const choices: Choice[] = [];
  if (entry.task) {
    const task = turn.pack.taskById.get(entry.task);
    if (task) choices.push({ id: ids.task(task.id), label: `▶ ${l(turn, task.title)}` });
  }
  for (const f of entry.followUps) {
    const e = turn.pack.faqById.get(f);
    if (e) choices.push({ id: ids.faq(e.id), label: l(turn, e.label) });
  }
  choices.push(sourcesChoice(turn, "f", entry.id), { id: ids.menu("main"), label: t(turn, "menuBack") });
  turn.replies.push({ kind: "choices", prompt: t(turn, "followUpsPrompt"), choices });
  if (!turn.state.feedback.includes(entry.id)) {
    turn.replies.push({
      kind: "choices",
      prompt: t(turn, "feedbackPrompt"),
      choices: [
        { id: ids.feedback(true, entry.id), label: t(turn, "feedbackUp") },
        { id: ids.feedback(false, entry.id), label: t(turn, "feedbackDown") },
      ],
    });
    setPending(turn, { kind: "feedback", answers: { yes: ids.feedback(true, entry.id), no: ids.feedback(false, entry.id) } });
  }
  turn.state.lastTopic = entry.id;
  turn.state.fallbacks = 0;
  turn.analytics.push({ type: "topic_answered", topic: entry.id, ...(score === undefined ? {} : { score }) });
  turn.outcome = { kind: "topic", topic: entry.id, via: score === undefined ? "choice" : "matcher" };
}

/** Offers the languages of the pack. */
export function languageMenu(turn: Turn): void {
  turn.replies.push({
    kind: "choices",
    prompt: t(turn, "languagePrompt"),
    replaceMenu: true,
    choices: turn.pack.meta.locales.map((loc) => ({ id: ids.lang(loc), label: ui(turn.pack, "languageName", loc) })),
  });
}
