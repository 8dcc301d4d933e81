import { ANSWER_WORDS, type AnswerWord, type PendingKind, type PendingPrompt } from "../store/state.js";
import type { Turn } from "./context.js";
import { readFollowUp } from "./follow-ups.js";
import { readLooseAnswer } from "./loose-answer.js";
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

/**
 * Reads a text as an answer to the prompt: a number of one of its options, or an answer word
 * (the whole message, else read loosely: loose-answer.ts), unless what the message says besides
 * is a question the bot can take up (a follow-up of the last topic, a topic the matcher finds).
 */
export function answerPending(turn: Turn, p: PendingPrompt, text: string): PendingAnswer | undefined {
  const i = matchNumber(turn.pack, text);
  if (i !== undefined) {
    const id = p.choices[i - 1];
    return id ? { choiceId: id, answer: i } : undefined;
  }
  const word = matchAnswer(turn.pack, text);
  const id = word && p.answers[word];
  if (word) return id ? { choiceId: id, answer: word } : undefined;
  const accepted = ANSWER_WORDS.filter((w) => p.answers[w]);
  const loose = readLooseAnswer(turn.pack, text, accepted);
  const looseId = loose && p.answers[loose.answer];
  if (!loose || !looseId || (loose.rest && asksOfItsOwn(turn, loose.rest))) return undefined;
  return { choiceId: looseId, answer: loose.answer };
}

/** Beside an answer word, a few words are a question of their own only when the matcher is at least this sure of them. */
const OWN_QUESTION_SCORE = 0.6;

/**
 * True when the words beside an answer reach a topic by themselves ("ok what about my email"):
 * a follow-up subject, or a topic the matcher is sure of in two words or more (one word beside an
 * answer, "wait", "already", is no question of its own whatever topic it resembles).
 */
function asksOfItsOwn(turn: Turn, rest: string): boolean {
  if (readFollowUp(turn.pack, turn.state.lastTopic, rest)) return true;
  if (!rest.includes(" ")) return false;
  const m = turn.matcher.classify(rest);
  return m.topic !== null && m.score >= OWN_QUESTION_SCORE;
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
