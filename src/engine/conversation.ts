import type { PendingPrompt } from "../store/state.js";
import { ids } from "./choice-ids.js";
import { l, say, t, type Turn } from "./context.js";
import { readFollowUp } from "./follow-ups.js";
import { answerFaq, mainMenu } from "./menus.js";
import { classifyMove } from "./move-classifier.js";
import { acknowledge, answerMove, conversationOf, matchAnswer, matchMove } from "./moves.js";
import { answerPending, resolvedOutcome, setPending } from "./pending.js";
import { correctedText, splitQuestions } from "./several.js";

/** The routes a text may take besides the conversation layer's own answers. */
export interface TextRoutes {
  /** The matcher path: an FAQ answer, "did you mean", or the fallback. */
  ask(turn: Turn, text: string): void;
  /** Acts as if the user pressed the button with this id. */
  choose(turn: Turn, choiceId: string): void;
}

/** A part of a message with several questions must be at least this sure to be answered as one. */
const SEVERAL_MIN_SCORE = 0.45;

/**
 * Reads a text as a conversation, before FAQ matching:
 * 1. an answer to the prompt the bot is waiting on ("yes", "아니요", "2") acts as its button;
 *    then only what follows a correction is read ("card? no wait, my address": several.ts);
 * 2. a conversational move alone (greeting, thanks, distress, …) gets the pack's reply and offer;
 *    a move with a question answers the question, with the move's acknowledgment in front when
 *    the pack says so (with no question mark, only a question the matcher is sure of);
 * 3. a follow-up is read against the last topic ("what about my email?", "and if I already did?");
 * 4. several questions: the first is answered, the others are offered;
 * 5. an answer word with nothing asked gets a short line and the menu;
 * 6. a bare subject ("and my address?") reaches its topic when the matcher finds nothing;
 * 7. a message the matcher finds nothing in but that resembles a move's phrases gets the move;
 * 8. everything else goes to the matcher (`routes.ask`).
 */
export function converse(turn: Turn, text: string, pending: PendingPrompt | undefined, routes: TextRoutes): void {
  if (pending) {
    const a = answerPending(turn, pending, text);
    if (a) {
      routes.choose(turn, a.choiceId);
      return resolvedOutcome(turn, pending, a.choiceId, a.answer);
    }
  }
  if (!conversationOf(turn.pack)) return routes.ask(turn, text);
  // "email too? no wait, what about the password?": what the writer took back is not read.
  text = correctedText(turn.pack, text) ?? text;
  const move = matchMove(turn.pack, text);
  if (move && !move.rest) {
    // Too short for a question of its own, but maybe a follow-up subject ("고마워요 주소는요").
    const follow = move.beside ? readFollowUp(turn.pack, turn.state.lastTopic, move.beside) : undefined;
    if (!follow || !turn.pack.faqById.has(follow.topic)) return answerMove(turn, move.move);
    acknowledge(turn, move.move);
    answerTopic(turn, follow.topic, "follow-up");
    return;
  }
  // The matcher reads the words beside the move as said: an answer word there is a word of the question ("how do I delete it").
  const question = move ? move.question : text;
  // Beside a move, a follow-up of the last topic is taken up even when short ("이미 눌렀어요 어떡해요").
  const followsUp = !!move && !!readFollowUp(turn.pack, turn.state.lastTopic, question);
  if (move && !followsUp && !(asksSomething(text, move.rest) && answerable(turn, question, QUESTION_MARK.test(text)))) return answerMove(turn, move.move);
  if (move) acknowledge(turn, move.move);
  answerQuestion(turn, question, routes, !move);
  // Someone upset who also asked something still gets the offer of a person, after the answer.
  if (move?.move.acknowledge && move.move.offer.human && !turn.replies.some((r) => r.kind === "choices" && r.choices.some((c) => c.id === ids.menu("human")))) {
    turn.replies.push({ kind: "choices", choices: [{ id: ids.menu("human"), label: t(turn, "menuHuman") }] });
  }
}

/** Beside a move, words without a question mark must be this many to be a question of their own … */
const QUESTION_WORDS = 4;
/** … or this many letters of a script written without a space per word-sized unit (e.g. Hangul syllables). */
const QUESTION_DENSE_LETTERS = 8;

/**
 * True when what a message says beside its move looks like a question, not a tail of the move
 * ("I'm so angry at them right now"): the message has a question mark, or the rest is long enough.
 */
function asksSomething(text: string, rest: string): boolean {
  if (QUESTION_MARK.test(text)) return true;
  const words = rest.split(" ").filter(Boolean);
  return words.length >= QUESTION_WORDS || (rest.match(/[^\p{Script=Latin}\P{L}]/gu)?.length ?? 0) >= QUESTION_DENSE_LETTERS;
}

const QUESTION_MARK = /[?？]/u;

/** Beside a move and with no question mark, words are a question of their own only when the matcher is at least this sure of them. */
const STATEMENT_MIN_SCORE = 0.6;

/**
 * True when the text is a question the bot can take up by itself: it reaches a topic, or, when
 * the message has a question mark, the matcher has plausible topics to ask about (so a move beside
 * it is only an acknowledgment). Without a question mark the words beside a move are often what
 * the feeling is about ("my whole family's info is out there", "사과도 제대로 안 하고"): they are
 * a question only when the matcher is sure of a topic.
 */
function answerable(turn: Turn, text: string, asked: boolean): boolean {
  if (readFollowUp(turn.pack, turn.state.lastTopic, text)) return true;
  const m = turn.matcher.classify(text);
  if (!asked) return m.topic !== null && !m.ambiguous && m.score >= STATEMENT_MIN_SCORE;
  return m.topic !== null || (m.outcome === "ask" && m.alternatives.length > 0);
}

function answerQuestion(turn: Turn, text: string, routes: TextRoutes, guessMove: boolean): void {
  const follow = readFollowUp(turn.pack, turn.state.lastTopic, text);
  if (follow && answerTopic(turn, follow.topic, "follow-up")) return;
  if (answerSeveral(turn, text)) return;
  if (matchAnswer(turn.pack, text)) {
    const c = turn.pack.conversation;
    if (c) say(turn, l(turn, c.strings.answerWithoutPrompt));
    mainMenu(turn);
    turn.outcome = { kind: "fallback", reason: "answer-without-prompt" };
    return;
  }
  const m = turn.matcher.classify(text);
  const nothing = m.topic === null && !(m.outcome === "ask" && m.alternatives.length > 0);
  const subject = m.topic === null ? readFollowUp(turn.pack, turn.state.lastTopic, text, true) : undefined;
  if (subject && answerTopic(turn, subject.topic, "follow-up")) return;
  const guess = guessMove && nothing ? classifyMove(turn.pack, text) : undefined;
  if (guess) return answerMove(turn, guess.move);
  routes.ask(turn, text);
}

function answerTopic(turn: Turn, topic: string, via: "follow-up" | "several"): boolean {
  const entry = turn.pack.faqById.get(topic);
  if (!entry) return false;
  answerFaq(turn, entry);
  turn.outcome = { kind: "topic", topic, via };
  return true;
}

/** Answers the first of several questions and offers the others as choices. */
function answerSeveral(turn: Turn, text: string): boolean {
  const parts = splitQuestions(turn.pack, text);
  if (parts.length < 2) return false;
  const topics: string[] = [];
  for (const p of parts) {
    const m = turn.matcher.classify(p);
    if (m.topic && !m.ambiguous && m.score >= SEVERAL_MIN_SCORE && !topics.includes(m.topic)) topics.push(m.topic);
  }
  const [first, ...others] = topics.flatMap((id) => {
    const e = turn.pack.faqById.get(id);
    return e ? [e] : [];
  });
  if (!first || others.length === 0) return false;
  answerTopic(turn, first.id, "several");
  const choices = others.map((e) => ({ id: ids.faq(e.id), label: l(turn, e.label) }));
  const c = turn.pack.conversation;
  turn.replies.push({ kind: "choices", ...(c ? { prompt: l(turn, c.strings.alsoAsked) } : {}), choices });
  const next = choices[0];
  if (next) setPending(turn, { kind: "pick-list", answers: { yes: next.id, no: ids.menu("main") } });
  return true;
}
