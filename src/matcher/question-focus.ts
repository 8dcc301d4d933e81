import { STOP } from "./features.js";

/**
 * Question focus for long English messages. People tell the story first and ask last ("we shop
 * there every week, my mum got a letter, anyway how do I check if I'm affected?"); the story's
 * words (shopping, letters, family) then outweigh the few words of the question. The matcher
 * adds the features of the question part once more, so the question weighs over the story.
 * Pure and deterministic.
 */

/** Clause boundaries inside a sentence: punctuation, and the words that turn from story to question. */
const CLAUSE = /\s*[,;:]\s+|\s+(?=(?:so|but|anyway|anyhow|now|basically|long story short)\s)/;
const TURN_WORD = /^(?:so|but|anyway|anyhow|now|basically|long story short)\s+/;
/** Words that say nothing about the topic, beside the stop words ("is that bad?", "what now?"). */
const VAGUE = new Set(
  "now right bad worry worried happen happened happening anything whatever something thing things know want need get got tell even actually really just like all way okay sure mean means going still here what's that's it's i'm".split(" "),
);
const HANGUL = /[\uac00-\ud7a3]/;

/** A word that asks: a question word, a modal or auxiliary at the start of a question, a request. */
const ASKS = /\b(?:what|how|why|when|where|who|which|whose|can|could|should|would|will|do|does|did|is|are|was|were|am|has|have|tell|explain|help|need)\b/;

const contentWords = (s: string) => (s.match(/[a-z][a-z']*/g) ?? []).filter((w) => w.length >= 3 && !STOP.has(w) && !VAGUE.has(w)).length;

/**
 * The question part of a long message: the last sentence ending in "?" (else the last
 * sentence), cut to its last clauses (after "so", "but", "anyway", a comma …) that still hold
 * at least `minWords` topic words, widened to earlier sentences when the question alone is too
 * vague ("now what?"). Null for messages shorter than `minLength`, messages with Hangul (not
 * used for Korean: its endings already carry the question) and when the part would be most of
 * the message anyway.
 *
 * @example
 * questionFocus("we shop there every week and my mum got a letter about it. anyway, how do i check if my account was affected?")
 * // "how do i check if my account was affected?"
 */
export function questionFocus(text: string, minLength = 80, minWords = 3): string | null {
  if (text.length < minLength || HANGUL.test(text)) return null;
  const sentences = text.split(/(?<=[.!?])\s+/).filter((s) => /[a-z]{2}/.test(s));
  let at = sentences.length - 1;
  for (let i = at; i >= 0; i--) {
    if (/\?\s*$/.test(sentences[i] as string)) {
      at = i;
      break;
    }
  }
  if (at < 0) return null;
  const clauses = (sentences[at] as string).split(CLAUSE).map((c) => c.replace(TURN_WORD, "").trim()).filter(Boolean);
  const enough = (s: string) => contentWords(s) >= minWords && ASKS.test(s);
  let focus = "";
  for (let i = clauses.length - 1; i >= 0 && !enough(focus); i--) focus = focus ? `${clauses[i]}, ${focus}` : (clauses[i] as string);
  for (let i = at - 1; i >= 0 && !enough(focus); i--) focus = `${sentences[i]} ${focus}`;
  return focus.length > 0 && focus.length <= text.length * 0.7 ? focus : null;
}
