import type { Move } from "../content/conversation-schema.js";
import type { ContentPack } from "../content/pack.js";
import { ANSWER_WORDS, type AnswerWord } from "../store/state.js";
import { ids } from "./choice-ids.js";
import { l, say, t, type Turn } from "./context.js";
import { mainMenu } from "./menus.js";
import { respelled } from "./respell.js";
import { allPhrases, findPhrase, removeAll, removeWords, spotText, wordsOf } from "./phrases.js";
import type { Choice } from "./replies.js";
import { memoPerOwner } from "../matcher/memo.js";

/** The pack's conversation words, spotted once per pack. */
interface Compiled {
  moves: { move: Move; phrases: string[] }[];
  movePhrases: string[];
  answers: Record<AnswerWord, string[]>;
  answerWords: Set<string>;
  padding: Set<string>;
}

const cache = new WeakMap<ContentPack, Compiled | null>();

function compile(pack: ContentPack): Compiled | null {
  const c = pack.conversation;
  if (!c) return null;
  const moves = c.moves.map((move) => ({ move, phrases: allPhrases(move.phrases) }));
  const answers = Object.fromEntries(ANSWER_WORDS.map((w) => [w, allPhrases(c.answers[w])])) as Record<AnswerWord, string[]>;
  return {
    moves,
    movePhrases: [...new Set(moves.flatMap((m) => m.phrases))],
    answers,
    answerWords: new Set(Object.values(answers).flat()),
    padding: new Set(allPhrases(c.padding)),
  };
}

/** The compiled conversation words of a pack, or null when the pack has no conversation.yaml. */
export function conversationOf(pack: ContentPack): Compiled | null {
  let c = cache.get(pack);
  if (c === undefined) cache.set(pack, (c = compile(pack)));
  return c;
}

const ownCache = new WeakMap<ContentPack, Map<string, Set<string>>>();

/** The spotted answer words and move phrases a pack lists for one locale (for telling its users' "ok" apart). */
export function conversationPhrasesOf(pack: ContentPack, locale: string): ReadonlySet<string> {
  let byLocale = ownCache.get(pack);
  if (!byLocale) ownCache.set(pack, (byLocale = new Map()));
  let set = byLocale.get(locale);
  if (!set) {
    const c = pack.conversation;
    const lists = c ? [...ANSWER_WORDS.map((w) => c.answers[w][locale] ?? []), ...c.moves.map((m) => m.phrases[locale] ?? [])] : [];
    byLocale.set(locale, (set = new Set(lists.flat().map(spotText))));
  }
  return set;
}

/** Fewer letters than this left beside a move ask nothing of their own ("같은", "for it"). */
const MIN_QUESTION_CHARS = 5;

/** What is left of a spotted text once move phrases, answer words and padding are taken out. */
function leftover(c: Compiled, text: string): string {
  return leftoverBeside(c, removeAll(text, c.movePhrases));
}

/** {@link leftover} of a text whose move phrases are already taken out. */
function leftoverBeside(c: Compiled, said: string): string {
  const rest = removeWords(removeWords(said, c.answerWords), c.padding);
  return [...wordsOf(rest).join("")].length >= MIN_QUESTION_CHARS ? rest : "";
}

/**
 * Reads a message as an answer word ("yes", "no", "done", "skip" and the pack's variants in any
 * of its locales): the whole message, or an answer word followed only by moves and padding
 * ("yes please", "네 감사합니다"); chat spellings count as the pack's words ("nooo", "아니용": respell.ts).
 */
export const matchAnswer: (pack: ContentPack, text: string) => AnswerWord | undefined = memoPerOwner(answerOf, (text: string) => text);

function answerOf(pack: ContentPack, text: string): AnswerWord | undefined {
  const c = conversationOf(pack);
  const s = spotText(text);
  if (!c || !s) return undefined;
  const sq = respelled(pack, s);
  return answerIn(c, s) ?? (sq ? answerIn(c, sq) : undefined);
}

function answerIn(c: Compiled, s: string): AnswerWord | undefined {
  for (const w of ANSWER_WORDS) if (c.answers[w].includes(s)) return w;
  let best: { w: AnswerWord; len: number } | undefined;
  for (const w of ANSWER_WORDS) {
    for (const p of c.answers[w]) {
      if (!s.startsWith(`${p} `) || (best && p.length <= best.len)) continue;
      // Followed by an answer word of another kind ("next, skip"): not this word alone (loose-answer.ts weighs both).
      const tail = removeAll(s.slice(p.length + 1), c.answers[w]);
      if (wordsOf(tail).some((x) => c.answerWords.has(x))) continue;
      if (!leftover(c, tail)) best = { w, len: p.length };
    }
  }
  return best?.w;
}

/**
 * The spotted text with its first number written in words ("the second one", "두 번째요") as
 * digits ("the 2 one", "2요"), from the pack's `numbers.words`; unchanged when it holds a digit.
 */
function numberInWords(pack: ContentPack, s: string): string {
  const words = numberWordsOf(pack);
  if (words.length === 0 || /\d/u.test(s)) return s;
  let best: { start: number; end: number; n: number } | undefined;
  for (const { phrase, n } of words) {
    const hit = findPhrase(s, phrase);
    if (hit && (!best || hit.start < best.start || (hit.start === best.start && hit.end > best.end))) best = { ...hit, n };
  }
  return best ? `${s.slice(0, best.start)}${best.n}${s.slice(best.end)}` : s;
}

/** The pack's number words, spotted once per pack (a turn reads them for every typed option). */
const numberWords = new WeakMap<ContentPack, readonly { phrase: string; n: number }[]>();
function numberWordsOf(pack: ContentPack): readonly { phrase: string; n: number }[] {
  let list = numberWords.get(pack);
  if (!list) {
    const groups = Object.values(pack.conversation?.numbers.words ?? {});
    numberWords.set(pack, (list = groups.flatMap((g) => g.flatMap((words, i) => words.map((w) => ({ phrase: spotText(w), n: i + 1 }))))));
  }
  return list;
}

/**
 * Reads a message as an option number: "2", "2.", "2)", with the pack's words around it
 * ("option 2", "2번"), or written in the pack's number words ("the second one", "두 번째요").
 * Returns the number, or undefined.
 */
export const matchNumber: (pack: ContentPack, text: string) => number | undefined = memoPerOwner(numberOf, (text: string) => text);

function numberOf(pack: ContentPack, text: string): number | undefined {
  const s = numberInWords(pack, spotText(text));
  const m = /^(?:(.*?) )?(\d{1,2}) ?(.*)$/u.exec(s);
  if (!m) return undefined;
  const [, before = "", n = "", after = ""] = m;
  const words = numberAffixesOf(pack);
  return madeOf(before, words.prefixes) && madeOf(after, words.suffixes) ? Number(n) : undefined;
}

/** The pack's words around a typed number, spotted once per pack, longest first. */
const numberAffixes = new WeakMap<ContentPack, { prefixes: string[]; suffixes: string[] }>();
function numberAffixesOf(pack: ContentPack): { prefixes: string[]; suffixes: string[] } {
  let a = numberAffixes.get(pack);
  if (!a) {
    const sorted = (list: string[]) => list.sort((x, y) => y.length - x.length);
    const w = pack.conversation?.numbers;
    numberAffixes.set(pack, (a = { prefixes: sorted(allPhrases(w?.prefixes)), suffixes: sorted(allPhrases(w?.suffixes)) }));
  }
  return a;
}

/**
 * True when `part` is empty or a run of the listed words ("번 알려줘": "번" then "알려줘";
 * "tell me about number"): a word ending in a Latin letter or digit ends at a space, another may
 * run straight into the next ("번알려줘").
 */
function madeOf(part: string, phrases: readonly string[]): boolean {
  const reach = new Uint8Array(part.length + 1);
  reach[0] = 1;
  for (let i = 0; i < part.length; i++) {
    if (!reach[i]) continue;
    if (part[i] === " ") {
      reach[i + 1] = 1;
      continue;
    }
    for (const p of phrases) {
      if (!part.startsWith(p, i)) continue;
      const end = i + p.length;
      if (end === part.length || part[end] === " " || !LATIN_OR_DIGIT_END.test(p)) reach[end] = 1;
    }
  }
  return reach[part.length] === 1;
}
const LATIN_OR_DIGIT_END = /[\p{Script=Latin}\p{N}]$/u;

/** A move spotted in a message, and what else the message says (spotted text, "" when nothing). */
export interface MoveMatch {
  move: Move;
  rest: string;
  /** The words beside the move however short ("주소는요" in "고마워요 주소는요"), for a follow-up subject. */
  beside: string;
  /** `beside` as the question the message asks besides ("how do delete my account"): unlike `rest`, its answer words are kept. "" when `rest` is. */
  question: string;
}

/** A phrase made only of emoji or Hangul vowel letters ("ㅠㅠ", "ㅜ", "😭"; spotted text holds NFKC conjoining vowels): a tone mark, not a word. */
const TONE_MARK = /^(?:[\p{Extended_Pictographic}\u1161-\u11A7\u314F-\u3163 ]|\uFE0F|\u200D)+$/u;

/**
 * Spots the pack's conversational move in a message. With several ("thanks, bye", "hi, are you
 * a bot?") the last one in the message wins, as a message ends with what it is for; between
 * phrases ending in the same word, the longer ("화가 나서 미치겠어요": "나서 미치겠" over "미치겠어요"). A worded phrase wins over a tone mark
 * ("고맙습니다 ㅠㅠ", "thanks 😭": thanks). Chat spellings count as the pack's words ("thank youuu", "are u a bot": respell.ts).
 */
export const matchMove: (pack: ContentPack, text: string) => MoveMatch | undefined = memoPerOwner(moveOf, (text: string) => text);

function moveOf(pack: ContentPack, text: string): MoveMatch | undefined {
  const c = conversationOf(pack);
  const s = spotText(text);
  if (!c || !s) return undefined;
  // The typed text first; its chat respelling when that makes the message only a move
  // ("soooo scared"), so that a question beside a move reaches the matcher as typed.
  const typed = moveIn(c, s);
  if (typed && !typed.rest) return typed;
  const sq = respelled(pack, s);
  const alt = sq ? moveIn(c, sq) : undefined;
  return alt && !alt.rest ? alt : (typed ?? alt);
}

function moveIn(c: Compiled, s: string): MoveMatch | undefined {
  // A tone mark ("ㅠㅠ", "😭") is a move alone but gives way to a worded one ("고맙습니다 ㅠㅠ" thanks).
  const best: Record<"word" | "mark", { move: Move; end: number; len: number } | undefined> = { word: undefined, mark: undefined };
  for (const m of c.moves) {
    for (const p of m.phrases) {
      const hit = findPhrase(s, p);
      if (!hit) continue;
      // Where the phrase's word ends: a Korean phrase runs on into its endings ("미치겠" in "미치겠어요").
      const next = s.indexOf(" ", hit.end);
      const end = next < 0 ? s.length : next;
      const k = TONE_MARK.test(p) ? "mark" : "word";
      const b = best[k];
      if (!b || end > b.end || (end === b.end && p.length > b.len)) best[k] = { move: m.move, end, len: p.length };
    }
  }
  const won = best.word ?? best.mark;
  if (!won) return undefined;
  const said = removeAll(s, c.movePhrases);
  const rest = leftoverBeside(c, said);
  const beside = removeWords(said, c.padding);
  return { move: won.move, rest, beside, question: rest ? beside : "" };
}

/** Answers a message that is only a move: the pack's reply, then what the move offers. */
export function answerMove(turn: Turn, move: Move): void {
  say(turn, l(turn, move.reply));
  const choices: Choice[] = [];
  for (const id of move.offer.topics) {
    const e = turn.pack.faqById.get(id);
    if (e) choices.push({ id: ids.faq(e.id), label: l(turn, e.label) });
  }
  for (const id of move.offer.tasks) {
    const task = turn.pack.taskById.get(id);
    if (task) choices.push({ id: ids.task(task.id), label: `▶ ${l(turn, task.title)}` });
  }
  if (move.offer.human) choices.push({ id: ids.menu("human"), label: t(turn, "menuHuman") });
  if (choices.length) turn.replies.push({ kind: "choices", choices });
  if (move.offer.menu) mainMenu(turn);
  turn.outcome = { kind: "move", move: move.id };
  turn.analytics.push({ type: "move_answered", value: move.id });
}

/** The acknowledgment a move puts in front of an answer, when the pack asks for one. */
export function acknowledge(turn: Turn, move: Move): void {
  if (move.acknowledge) say(turn, l(turn, move.short ?? move.reply));
  turn.analytics.push({ type: "move_answered", value: move.id });
}
