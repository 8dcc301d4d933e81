import type { ContentPack } from "../content/pack.js";
import { spotText } from "./phrases.js";

/**
 * Chat spellings read as the words the pack lists, for the conversation layer (moves and answer
 * words): a letter drawn out counts once ("nooo", "thank youuu", "ㅇㅇㅇ"), a chat word is read as
 * its word ("u" you, "r" are), and a word ending as its usual form ("아니용" as "아니요"). The
 * words come from the pack (`conversation.yaml` `respell`); the engine knows no language.
 */

/** A letter typed three times or more, as in "nooo", "yesss", "ㅇㅇㅇ". */
const DRAWN_OUT = /(\p{L})\1{2,}/gu;

interface Compiled {
  words: Map<string, string>;
  /** Longest first. */
  endings: [string, string][];
}

const cache = new WeakMap<ContentPack, Compiled>();

function compile(pack: ContentPack): Compiled {
  const r = pack.conversation?.respell;
  const words = new Map<string, string>();
  const endings = new Map<string, string>();
  for (const byLocale of Object.values(r?.words ?? {})) for (const [k, v] of Object.entries(byLocale)) words.set(spotText(k), spotText(v));
  for (const byLocale of Object.values(r?.endings ?? {})) for (const [k, v] of Object.entries(byLocale)) endings.set(spotText(k), spotText(v));
  return { words, endings: [...endings].sort((a, b) => b[0].length - a[0].length) };
}

function respellWord(c: Compiled, w: string): string {
  const word = c.words.get(w);
  if (word !== undefined) return word;
  for (const [from, to] of c.endings) if (w.length > from.length && w.endsWith(from)) return w.slice(0, -from.length) + to;
  return w;
}

/**
 * The spotted text as the pack spells it (see above), or undefined when nothing changes.
 * Callers read the respelled text first and the typed one as a fallback.
 */
export function respelled(pack: ContentPack, s: string): string | undefined {
  let c = cache.get(pack);
  if (!c) cache.set(pack, (c = compile(pack)));
  const out = s
    .replace(DRAWN_OUT, "$1")
    .split(" ")
    .map((w) => respellWord(c, w))
    .join(" ");
  return out === s ? undefined : out;
}
