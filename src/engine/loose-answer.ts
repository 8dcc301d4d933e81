import type { ContentPack } from "../content/pack.js";
import type { AnswerWord } from "../store/state.js";
import { conversationOf } from "./moves.js";
import { allPhrases, removeAll, removeWords, spotText, without, wordsOf, type Span } from "./phrases.js";
import { respelled } from "./respell.js";
import { memoPerOwner } from "../matcher/memo.js";

/**
 * An answer word read inside a longer reply to the prompt the bot is waiting on: "wait no dont",
 * "did it already", "이건 패스", "넘어가주세요". Only for a prompt that is waiting (the bot just asked),
 * so a message that merely holds "ok" somewhere is never read as an answer otherwise. The rules:
 * - answer words are found anywhere in the message, as whole words; one of two letters or more
 *   in a script without a word end runs on into its endings ("넘어가" in "넘어가주세요"); padding
 *   inside an answer phrase does not hide it ("nope, didn't really help": "didn't help");
 * - what is left beside them (moves and padding taken out) is at most {@link MAX_REST_WORDS} words
 *   and the message holds no question mark when anything is left: more is a message of its own;
 * - a negation beside a yes or done ("not done yet", "아직 안 했어요") leaves it unread (the pack's
 *   `negations`);
 * - answer words of several kinds: a refusal never gives way to a yes (yes and no together are
 *   not read), a step's done or skip wins over a bare yes or no ("ok done"), and skip over done
 *   ("next, skip": a step skipped was not done).
 */

/** Words beside the answer words, at most, for the message to be only an answer. */
export const MAX_REST_WORDS = 3;

/** A loosely read answer: the word, and what the message says besides (spotted text, "" when nothing). */
export interface LooseAnswer {
  answer: AnswerWord;
  rest: string;
}

const LATIN_OR_DIGIT_END = /[\p{Script=Latin}\p{N}]$/u;

/** Where `phrase` occurs in `text` as the loose reading allows (see above): every occurrence. */
function occurrences(text: string, phrase: string): Span[] {
  const out: Span[] = [];
  const runOn = !LATIN_OR_DIGIT_END.test(phrase) && [...phrase].length >= 2;
  for (let i = text.indexOf(phrase); i >= 0; i = text.indexOf(phrase, i + 1)) {
    const end = i + phrase.length;
    if (i > 0 && text[i - 1] !== " ") continue;
    if (!runOn && end < text.length && text[end] !== " ") continue;
    out.push({ start: i, end });
  }
  return out;
}

/** The kinds of answer the words found stand for, resolved as above; undefined when they clash. */
function resolveKinds(kinds: ReadonlySet<AnswerWord>): AnswerWord | undefined {
  if (kinds.has("skip")) return "skip";
  if (kinds.has("done")) return "done";
  if (kinds.has("yes") && kinds.has("no")) return undefined;
  return kinds.has("no") ? "no" : kinds.has("yes") ? "yes" : undefined;
}

function readIn(pack: ContentPack, s: string, accepted: readonly AnswerWord[]): LooseAnswer | undefined {
  const c = conversationOf(pack);
  if (!c) return undefined;
  const found: (Span & { w: AnswerWord; len: number })[] = [];
  for (const w of accepted) for (const p of c.answers[w]) for (const span of occurrences(s, p)) found.push({ ...span, w, len: p.length });
  // Longest first, without overlaps: "no thanks" is one no, "다음에" one skip (not "다음" done).
  found.sort((a, b) => b.len - a.len);
  const taken: typeof found = [];
  for (const f of found) if (!taken.some((t) => f.start < t.end && t.start < f.end)) taken.push(f);
  if (taken.length === 0) return undefined;
  const answer = resolveKinds(new Set(taken.map((t) => t.w)));
  if (!answer) return undefined;
  const rest = removeWords(removeWords(removeAll(without(s, taken), c.movePhrases), c.answerWords), c.padding);
  const words = wordsOf(rest);
  if (words.length > MAX_REST_WORDS) return undefined;
  if ((answer === "yes" || answer === "done") && words.some((w) => negationsOf(pack).has(w))) return undefined;
  return { answer, rest };
}

const negationCache = new WeakMap<ContentPack, Set<string>>();
function negationsOf(pack: ContentPack): Set<string> {
  let set = negationCache.get(pack);
  if (!set) negationCache.set(pack, (set = new Set(allPhrases(pack.conversation?.negations))));
  return set;
}

/**
 * Reads `text` loosely as one of the `accepted` answers (see above), as typed and as the pack
 * respells chat words. Undefined when it is not only an answer.
 *
 * @example readLooseAnswer(pack, "did it already", ["done", "skip"]) // { answer: "done", rest: "already" }
 */
export const readLooseAnswer: (pack: ContentPack, text: string, accepted: readonly AnswerWord[]) => LooseAnswer | undefined = memoPerOwner(
  looseAnswerOf,
  (text: string, accepted: readonly AnswerWord[]) => `${accepted.join(",")}\u0000${text}`,
);

function looseAnswerOf(pack: ContentPack, text: string, accepted: readonly AnswerWord[]): LooseAnswer | undefined {
  const s = spotText(text);
  if (!s || accepted.length === 0) return undefined;
  const sq = respelled(pack, s);
  let a = readIn(pack, s, accepted) ?? (sq ? readIn(pack, sq, accepted) : undefined);
  // Padding inside an answer phrase ("didn't really help"): read again without it, keep the reading that leaves less.
  const c = conversationOf(pack);
  const unpadded = a?.rest && c ? removeWords(s, c.padding) : s;
  if (a && unpadded !== s) {
    const b = readIn(pack, unpadded, accepted);
    if (b && wordsOf(b.rest).length < wordsOf(a.rest).length) a = b;
  }
  if (a && a.rest && /[?？]/u.test(text)) return undefined;
  return a;
}
