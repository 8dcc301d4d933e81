import { checkedOn } from "../content/pack.js";
import type { FaqEntry } from "../content/schema.js";
import { ids } from "./choice-ids.js";
import { l, say, t, type Turn } from "./context.js";
import type { Choice } from "./replies.js";
import { asClaim, sourcesChoice } from "./sources.js";

/**
 * `/leaked`, sized for a chat: a short summary, then a menu of the items; each item is one message
 * (what leaked, what it means, what to do). Follow-ups come from `incident.followUps` in the pack.
 */
export function explainLeak(turn: Turn): void {
  const inc = turn.pack.incident;
  say(turn, `${t(turn, "leakedIntro")}\n\n${l(turn, inc.summary)}`);
  say(turn, t(turn, "leakedReviewed", { date: checkedOn(turn.pack, inc.asOf) }));
  leakList(turn);
  const next = inc.followUps
    .map((id) => turn.pack.faqById.get(id))
    .filter((e): e is FaqEntry => !!e)
    .map((e) => ({ id: ids.faq(e.id), label: l(turn, e.label) }));
  const first = turn.pack.tasks[0];
  turn.replies.push({
    kind: "choices",
    prompt: t(turn, "followUpsPrompt"),
    choices: [
      ...(first ? [{ id: ids.task(first.id), label: `▶ ${l(turn, first.title)}` }] : []),
      ...next,
      sourcesChoice(turn, "s"),
      { id: ids.menu("main"), label: t(turn, "menuBack") },
    ],
  });
}

/** The menu of incident items: every exposed item, then "what was not exposed". */
export function leakList(turn: Turn, replaceMenu = false): void {
  const inc = turn.pack.incident;
  turn.replies.push({
    kind: "choices",
    prompt: t(turn, "leakedItemsPrompt"),
    replaceMenu,
    choices: [
      ...inc.exposed.map((x) => ({ id: ids.leak("x", x.id), label: l(turn, x.label) })),
      ...(inc.notExposed.length ? [{ id: ids.leak("n"), label: t(turn, "leakedNotExposedChoice") }] : []),
    ],
  });
}

/** One exposed item, with the way on to the next one. `false` if the pack no longer has it. */
export function leakItem(turn: Turn, itemId: string): boolean {
  const inc = turn.pack.incident;
  const i = inc.exposed.findIndex((x) => x.id === itemId);
  const x = inc.exposed[i];
  if (!x) {
    if (!inc.notExposed.some((n) => n.id === itemId)) return false;
    notExposed(turn);
    return true;
  }
  say(turn, `**${l(turn, x.label)}**\n${asClaim(turn, x.claim, l(turn, x.risk))}\n→ ${l(turn, x.advice)}`);
  const after = inc.exposed[i + 1];
  const next: Choice[] = after
    ? [{ id: ids.leak("x", after.id), label: t(turn, "leakedItemNext", { label: l(turn, after.label) }) }]
    : inc.notExposed.length
      ? [{ id: ids.leak("n"), label: t(turn, "leakedItemNext", { label: t(turn, "leakedNotExposedChoice") }) }]
      : [];
  turn.replies.push({
    kind: "choices",
    replaceMenu: false,
    choices: [...next, sourcesChoice(turn, "i", x.id), { id: ids.leak("l"), label: t(turn, "leakedAllItems") }, { id: ids.menu("main"), label: t(turn, "menuBack") }],
  });
  return true;
}

/** What was reported as not exposed, each note shown as the claim it is when the pack marks it so. */
export function notExposed(turn: Turn): void {
  const inc = turn.pack.incident;
  const lines = inc.notExposed.map((x) => `- **${l(turn, x.label)}**: ${asClaim(turn, x.claim, l(turn, x.note))}`);
  say(turn, `${t(turn, "leakedNotExposed")}\n${lines.join("\n")}`);
  turn.replies.push({
    kind: "choices",
    choices: [sourcesChoice(turn, "n"), { id: ids.leak("l"), label: t(turn, "leakedAllItems") }, { id: ids.menu("main"), label: t(turn, "menuBack") }],
  });
}
