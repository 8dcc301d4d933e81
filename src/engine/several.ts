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

/** Where a sentence or a clause starts in a typed message: its start, and after each end mark or comma. */
const PART_START = /(?:^|[?？!！。.,，;:\n]+)\s*/gu;

/**
 * The message as its writer corrected it: with one of the pack's corrections at the start of a
 * sentence or clause ("email too? no wait, what about the password?", "카드요, 아 아니 주소요"),
 * what follows the last one, spotted (with "?" when it asked); undefined when there is none or
 * nothing follows it.
 */
export function correctedText(pack: ContentPack, text: string): string | undefined {
  const list = correctionsOf(pack);
  if (list.length === 0) return undefined;
  const whole = spotText(text);
  if (!list.some((c) => whole.includes(c))) return undefined;
  let found: string | undefined;
  for (const m of text.matchAll(PART_START)) {
    const part = spotText(text.slice(m.index + m[0].length));
    const p = list.find((c) => part.startsWith(`${c} `));
    if (!p) continue;
    const after = text.slice(m.index + m[0].length);
    found = `${part.slice(p.length + 1)}${/[?？]/u.test(after) ? "?" : ""}`;
  }
  return found;
}

/** The pack's corrections, spotted once per pack, longest first. */
const corrections = new WeakMap<ContentPack, string[]>();
function correctionsOf(pack: ContentPack): string[] {
  let list = corrections.get(pack);
  if (!list) corrections.set(pack, (list = allPhrases(pack.conversation?.several.corrections).sort((a, b) => b.length - a.length)));
  return list;
}
