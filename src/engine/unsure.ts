import { ids } from "./choice-ids.js";
import { l, say, t, type Turn } from "./context.js";
import { askForHuman } from "./handoff.js";
import { answerFaq, mainMenu } from "./menus.js";
import { setPending } from "./pending.js";
import type { Choice } from "./replies.js";

/**
 * "When unsure, ask": the matcher found plausible topics but none confident enough to answer.
 * The bot asks "Is it one of these?" with up to three topics and "None of these → a person".
 * The question (redacted) and the options are logged as an `unsure_asked` event, the pick as
 * `unsure_picked`, so the support export can list the question as a labelled example.
 */

/** Asks which of `topics` (best first) the user means. `text` is the redacted question. */
export function askWhichTopic(turn: Turn, topics: readonly string[], text: string, score: number): void {
  const options = topics.filter((id) => turn.pack.faqById.has(id)).slice(0, 3);
  const choices: Choice[] = options.map((id) => {
    const e = turn.pack.faqById.get(id);
    return { id: ids.pick(id), label: e ? l(turn, e.label) : id };
  });
  choices.push({ id: ids.pick(null), label: t(turn, "unsureNone") });
  turn.analytics.push({ type: "unsure_asked", score, text: text.slice(0, 300), value: options.join(",") });
  turn.replies.push({ kind: "choices", prompt: t(turn, "unsurePrompt"), choices });
  // A typed "no" / "none of these" is the last button; a "yes" picks the only option when there is one.
  const only = options.length === 1 ? options[0] : undefined;
  setPending(turn, { kind: "pick-list", answers: { no: ids.pick(null), ...(only ? { yes: ids.pick(only) } : {}) } });
  turn.outcome = { kind: "fallback", reason: "asked-which" };
}

/** The user picked a topic from "Is it one of these?" (or none of them: a person is asked for). */
export function onPick(turn: Turn, topic: string | null): void {
  const entry = topic ? turn.pack.faqById.get(topic) : undefined;
  if (topic && !entry) {
    say(turn, t(turn, "staleChoice"));
    return mainMenu(turn);
  }
  turn.analytics.push({ type: "unsure_picked", value: entry ? entry.id : "none", ...(entry ? { topic: entry.id } : {}) });
  if (entry) return answerFaq(turn, entry);
  return askForHuman(turn, "requested");
}

/**
 * The message is about the company but not about the incident (an order, a delivery, a failed
 * payment): the pack's `companyService` text says so and names the official customer centre,
 * the pack's first contact (`{name}`, `{phone}`, and its link).
 */
export function answerCompanyService(turn: Turn): void {
  turn.outcome = { kind: "fallback", reason: "company-service" };
  const cs = turn.pack.contacts[0];
  say(turn, t(turn, "companyService", { name: cs ? l(turn, cs.name) : "", phone: cs?.phone ?? "" }));
  if (cs?.url) turn.replies.push({ kind: "links", links: [{ label: l(turn, cs.name), url: cs.url }] });
  turn.replies.push({
    kind: "choices",
    choices: [
      { id: ids.menu("faq"), label: t(turn, "menuFaq") },
      { id: ids.menu("main"), label: t(turn, "menuBack") },
    ],
  });
}
