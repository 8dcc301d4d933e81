import type { ContentPack } from "../content/pack.js";
import type { UserState } from "../store/state.js";
import type { InboundEvent } from "./events.js";
import { conversationPhrasesOf } from "./moves.js";
import { spotText } from "./phrases.js";

/** Maps a platform locale such as "en-US" or "ko" to a pack locale, if the pack has it. */
export function toPackLocale(pack: ContentPack, hint: string | undefined): string | undefined {
  if (!hint) return undefined;
  const base = hint.toLowerCase().split(/[-_]/)[0] ?? "";
  return pack.meta.locales.includes(base) ? base : undefined;
}

/** Unicode scripts a locale may be written in; a pack names others in conversation.yaml `scripts:`. */
const KNOWN_SCRIPTS = ["Latin", "Hangul", "Han", "Hiragana", "Katakana", "Cyrillic", "Greek", "Arabic", "Hebrew", "Thai", "Devanagari"];
const scriptRe = new Map<string, RegExp>();
const reOf = (script: string): RegExp => {
  let re = scriptRe.get(script);
  if (!re) scriptRe.set(script, (re = new RegExp(`\\p{Script=${script}}`, "u")));
  return re;
};
const hasScript = (word: string, script: string): boolean => reOf(script).test(word);

/**
 * The script most words of `text` are written in, among `scripts` (a word counts for every
 * script it has letters of, so "SMS 문자 받았어요" is mostly Hangul). Undefined on a tie.
 */
function dominantScript(text: string, scripts: readonly string[]): string | undefined {
  const counts = new Map<string, number>();
  for (const word of text.split(/\s+/)) {
    for (const s of scripts) if (hasScript(word, s)) counts.set(s, (counts.get(s) ?? 0) + 1);
  }
  const ranked = [...counts].sort((a, b) => b[1] - a[1]);
  const [first, second] = ranked;
  return first && (!second || second[1] < first[1]) ? first[0] : undefined;
}

const scriptsCache = new WeakMap<ContentPack, Map<string, string>>();

/**
 * The writing system of each pack locale: conversation.yaml `scripts:` where given, else the
 * commonest script of the locale's FAQ phrases.
 */
export function localeScripts(pack: ContentPack): ReadonlyMap<string, string> {
  let m = scriptsCache.get(pack);
  if (m) return m;
  m = new Map();
  for (const loc of pack.meta.locales) {
    const given = pack.conversation?.scripts?.[loc];
    const sample = pack.faq.flatMap((e) => e.phrases[loc] ?? []).join(" ");
    const script = given ?? dominantScript(sample, KNOWN_SCRIPTS);
    if (script) m.set(loc, script);
  }
  scriptsCache.set(pack, m);
  return m;
}

const distinctScripts = new WeakMap<ReadonlyMap<string, string>, string[]>();
let lastText: { pack: ContentPack; text: string; script: string | undefined } | undefined;
/** {@link dominantScript} among the pack's locale scripts; a turn asks twice for the same text, so the last answer is kept. */
function scriptOfText(pack: ContentPack, scripts: ReadonlyMap<string, string>, text: string): string | undefined {
  if (lastText && lastText.pack === pack && lastText.text === text) return lastText.script;
  let list = distinctScripts.get(scripts);
  if (!list) distinctScripts.set(scripts, (list = [...new Set(scripts.values())]));
  lastText = { pack, text, script: dominantScript(text, list) };
  return lastText.script;
}

/**
 * The locale a message is written in, when its script names exactly one pack locale. A message
 * in a script two locales share names the remembered one if it is among them.
 */
function localeOfText(pack: ContentPack, text: string, remembered: string | undefined): string | undefined {
  const scripts = localeScripts(pack);
  const script = scriptOfText(pack, scripts, text);
  if (!script) return undefined;
  const candidates = pack.meta.locales.filter((l) => scripts.get(l) === script);
  if (candidates.length === 1) return candidates[0];
  return remembered && candidates.includes(remembered) ? remembered : undefined;
}

/**
 * Chooses the reply language: the user's explicit choice wins; otherwise the script of the
 * message (from the first turn on, so "hi" gets English in a pack whose default is Korean),
 * unless the message is one of the remembered locale's own conversation words (a Korean user's
 * "ok") and that locale is the user's (seen in an earlier message, or the platform's hint; not
 * only the pack default a first command got); then what was remembered, then the platform's
 * hint, then the pack default.
 */
export function resolveLocale(pack: ContentPack, state: UserState | undefined, event: InboundEvent): string {
  return resolveLocaleOf(pack, state, event).locale;
}

/** {@link resolveLocale}, and whether the message's own script gave it. */
export function resolveLocaleOf(pack: ContentPack, state: UserState | undefined, event: InboundEvent): { locale: string; fromText: boolean } {
  if (state?.localeChosen && state.locale && pack.meta.locales.includes(state.locale)) return { locale: state.locale, fromText: false };
  const remembered = state?.locale && pack.meta.locales.includes(state.locale) ? state.locale : undefined;
  const hint = toPackLocale(pack, event.localeHint);
  if (event.kind === "text") {
    const fromText = localeOfText(pack, event.text, remembered);
    const users = remembered && (state?.localeFromText || remembered === hint);
    const own = users && conversationPhrasesOf(pack, remembered).has(spotText(event.text));
    if (fromText && !own) return { locale: fromText, fromText: true };
  }
  return { locale: remembered ?? hint ?? pack.meta.defaultLocale, fromText: false };
}
