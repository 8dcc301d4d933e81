/**
 * The forms the checker reads a message in, like the matcher's normalization: the cleaned text
 * (NFKC, see cleanText) and its spacing-free form, so `보 상 금`, `보.상.금` and `보상금` match the
 * same pattern; what a pattern matched is quoted from the message as written.
 */

/** Marks written between Hangul letters to slip past filters: `보.상.금`, `환*불`, `택_배`. */
const SEPARATOR = /[.·ㆍ*_~|/\\-]/;
const HANGUL = /\p{Script=Hangul}/u;

/** The forms every pattern is tried on: the text, and its spacing-free form (`at`: where each of its characters is in `text`). */
export interface Forms {
  text: string;
  compact: string;
  at: number[];
}

/** The spacing-free form, like the matcher's: no whitespace, and no marks between Hangul letters. */
export function formsOf(text: string): Forms {
  const chars: string[] = [];
  const pos: number[] = [];
  for (let i = 0; i < text.length; i++) {
    const c = text[i] ?? "";
    if (/\s/.test(c)) continue;
    chars.push(c);
    pos.push(i);
  }
  const keep = chars.map(() => true);
  for (let i = 0; i < chars.length; i++) {
    if (!SEPARATOR.test(chars[i] ?? "")) continue;
    let j = i;
    while (j < chars.length && SEPARATOR.test(chars[j] ?? "")) j++;
    if (i > 0 && HANGUL.test(chars[i - 1] ?? "") && HANGUL.test(chars[j] ?? "")) for (let k = i; k < j; k++) keep[k] = false;
    i = j - 1;
  }
  return { text, compact: chars.filter((_, i) => keep[i]).join(""), at: pos.filter((_, i) => keep[i]) };
}

/** The first match of any pattern, quoted from the message as written (a match in the spacing-free form is mapped back). */
export function first(res: readonly RegExp[], f: Forms): string | undefined {
  for (const re of res) {
    const m = re.exec(f.text);
    if (m) return m[0].trim();
    const c = re.exec(f.compact);
    if (c) return c[0].length === 0 ? "" : f.text.slice(f.at[c.index], (f.at[c.index + c[0].length - 1] ?? f.text.length - 1) + 1).trim();
  }
  return undefined;
}

const GLOBAL = new WeakMap<RegExp, RegExp>();
/** The global twin of a compiled pattern (same flags plus `g`), built once. */
function globalOf(re: RegExp): RegExp {
  let g = GLOBAL.get(re);
  if (!g) GLOBAL.set(re, (g = new RegExp(re.source, re.global ? re.flags : `${re.flags}g`)));
  return g;
}

/** Start positions (in `text`) of every match of any pattern, or their end positions. */
export function positions(res: readonly RegExp[], text: string, ends = false): number[] {
  const out: number[] = [];
  for (const re of res) {
    const g = globalOf(re);
    g.lastIndex = 0;
    for (let m = g.exec(text); m; m = g.exec(text)) {
      out.push(ends ? m.index + m[0].length : m.index);
      if (m[0].length === 0) g.lastIndex++;
    }
  }
  return out;
}

/** A match of a pattern, with where it is in the text as written. */
export interface Span {
  start: number;
  /** The part of the message as written. */
  evidence: string;
}

/** Every match of any pattern in either form (spacing-free matches mapped back to the text), by start. */
export function matches(res: readonly RegExp[], f: Forms): Span[] {
  const out: Span[] = [];
  for (const re of res) {
    const g = globalOf(re);
    for (const [src, map] of [[f.text, undefined], [f.compact, f.at]] as const) {
      g.lastIndex = 0;
      for (let m = g.exec(src); m; m = g.exec(src)) {
        if (m[0].length === 0) {
          g.lastIndex++;
          continue;
        }
        const start = map ? (map[m.index] ?? 0) : m.index;
        const end = map ? (map[m.index + m[0].length - 1] ?? start) + 1 : m.index + m[0].length;
        if (!out.some((o) => o.start === start)) out.push({ start, evidence: f.text.slice(start, end).trim() });
      }
    }
  }
  return out.sort((a, b) => a.start - b.start);
}
