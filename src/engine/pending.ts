import type { AnswerWord, PendingKind, PendingPrompt } from "../store/state.js";
import type { Turn } from "./context.js";
import { matchAnswer, matchNumber } from "./moves.js";

/**
 * The prompt a turn leaves waiting for an answer. `answers` maps answer words ("yes", "no",
 * "done", "skip", defined per locale in the pack's conversation.yaml) to the choice id they
 * stand for; `choices` lists the options a typed number picks (1-based), by default every
 * choice of the turn's replies in the order they are shown.
 */
export interface PendingOffer {
  kind: PendingKind;
  answers?: Partial<Record<AnswerWord, string>>;
  choices?: string[];
}

/** A typed answer resolved against the waiting prompt. */
export interface PendingAnswer {
  choiceId: string;
  answer: AnswerWord | number;
}

/**
 * Leaves a prompt waiting for an answer after this turn: "yes", "no" (and the pack's variants)
 * or a typed number then act as if the user pressed the matching button. The last call in a
 * turn wins; the prompt is stored at the end of the turn with an expiry of
 * `settings.pendingTtlMs`, and dropped as soon as the user does anything else.
 *
 * @example
 * turn.replies.push({ kind: "choices", prompt: "Is it one of these?", choices });
 * setPending(turn, { kind: "pick-list", answers: { yes: choices[0].id, no: ids.menu("main") } });
 */
export function setPending(turn: Turn, offer: PendingOffer): void {
  turn.pendingOffer = offer;
}

/**
 * Takes the waiting prompt off the user's state: it is answered in this turn or never.
 * Returns it unless it has expired.
 */
export function takePending(turn: Turn): PendingPrompt | undefined {
  const p = turn.state.pending;
  turn.state.pending = undefined;
  if (!p || Date.parse(p.expires) <= turn.now.getTime()) return undefined;
  return p;
}

/** Reads a text as an answer to the prompt: a number of one of its options, or an answer word. */
export function answerPending(turn: Turn, p: PendingPrompt, text: string): PendingAnswer | undefined {
  const i = matchNumber(turn.pack, text);
  if (i !== undefined) {
    const id = p.choices[i - 1];
    return id ? { choiceId: id, answer: i } : undefined;
  }
  const word = matchAnswer(turn.pack, text);
  const id = word && p.answers[word];
  return word && id ? { choiceId: id, answer: word } : undefined;
}

/** True when a pressed button answers the prompt (so the turn's outcome is "pending resolved"). */
export const isPendingChoice = (p: PendingPrompt, choiceId: string): boolean =>
  p.choices.includes(choiceId) || Object.values(p.answers).includes(choiceId);

const VALUE_ORDER: readonly AnswerWord[] = ["done", "skip", "yes", "no"];

/** Marks the turn's outcome as the prompt resolved with the chosen option. */
export function resolvedOutcome(turn: Turn, p: PendingPrompt, choiceId: string, answer?: AnswerWord | number): void {
  const index = p.choices.indexOf(choiceId) + 1;
  const list = p.kind === "did-you-mean" || p.kind === "pick-list";
  const word = VALUE_ORDER.find((w) => p.answers[w] === choiceId);
  const value = list && index > 0 ? String(index) : (word ?? (index > 0 ? String(index) : choiceId));
  turn.outcome = { kind: "pending", pending: p.kind, value, ...(answer === undefined ? {} : { answer }) };
}

/**
 * Stores the prompt the turn left waiting (called once, at the end of routing). A turn that
 * shows options without naming a prompt (a menu, a list) leaves a `pick-list` that only typed
 * numbers answer.
 */
export function finishPending(turn: Turn): void {
  const shown = turn.replies.flatMap((r) => (r.kind === "choices" ? r.choices.map((c) => c.id) : r.kind === "private" ? [r.choiceId] : []));
  const o = turn.pendingOffer ?? (shown.length > 0 ? { kind: "pick-list" as const } : undefined);
  if (!o) return;
  turn.state.pending = {
    kind: o.kind,
    choices: (o.choices ?? shown).slice(0, 24),
    answers: o.answers ?? {},
    expires: new Date(turn.now.getTime() + turn.settings.pendingTtlMs).toISOString(),
  };
}
