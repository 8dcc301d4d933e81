import type { ContentPack } from "../content/pack.js";
import { allPhrases, findPhrase, spotText, wordsOf } from "./phrases.js";

/** A question part needs this many characters (spaces aside) to be read alone. */
const MIN_CHARS = 5;

/**
 * Splits a message into the questions it may hold: at sentence ends and at the pack's
 * separators (conversation.yaml `several.separators`: "and", "그리고"). Parts too short to be a
 * question of their own are dropped. Returns the spotted parts in order.
 */
export function splitQuestions(pack: ContentPack, text: string): string[] {
  const seps = allPhrases(pack.conversation?.several.separators);
  const parts: string[] = [];
  for (const sentence of text.split(/[?？!！。\n]+|\.\s+/u)) {
    let rest = spotText(sentence);
    for (const sep of seps) if (findPhrase(rest, sep)?.start === 0) rest = rest.slice(sep.length).trim();
    for (;;) {
      let cut: { start: number; end: number } | undefined;
      for (const sep of seps) {
        const s = findPhrase(rest, sep);
        if (s && s.start > 0 && (!cut || s.start < cut.start)) cut = s;
      }
      if (!cut) break;
      parts.push(rest.slice(0, cut.start).trim());
      rest = rest.slice(cut.end).trim();
    }
    parts.push(rest);
  }
  return parts.filter((p) => wordsOf(p).join("").length >= MIN_CHARS);
}
