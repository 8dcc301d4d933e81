/** How {@link splitRanges} measures and where it may cut. */
export interface SplitOptions {
  /** The size of `text[from, to)` once rendered (markup, escapes), never less than its length; default: its length. */
  size?: (from: number, to: number) => number;
  /** False where a piece must not end (e.g. after an escaping backslash); default: anywhere. */
  canEndAt?: (cut: number) => boolean;
}

/** Does not cut a UTF-16 surrogate pair in two. */
const safeCut = (text: string, at: number) => {
  const c = text.charCodeAt(at - 1);
  return c >= 0xd800 && c <= 0xdbff ? at - 1 : at;
};

const trimEnd = (text: string, from: number, to: number) => {
  let end = to;
  while (end > from && /\s/.test(text[end - 1] ?? "")) end--;
  return end;
};

/**
 * The one message splitter of the adapters: cuts `text` into ranges whose rendered size is at
 * most `limit`, at the last paragraph break that fits, else a line end, else a space, else
 * anywhere (never inside a surrogate pair). Whitespace around cuts is dropped.
 *
 * @example splitText("a\n\nb", 2) // ["a", "b"]
 */
export function splitRanges(text: string, limit: number, o: SplitOptions = {}): [number, number][] {
  const size = o.size ?? ((a: number, b: number) => b - a);
  const out: [number, number][] = [];
  let start = 0;
  while (start < text.length) {
    while (start < text.length && /\s/.test(text[start] ?? "")) start++;
    if (start >= text.length) break;
    if (size(start, text.length) <= limit) {
      out.push([start, trimEnd(text, start, text.length)]);
      break;
    }
    // The rendered size grows with the cut position: find the longest prefix that fits…
    let lo = start + 1;
    let hi = text.length;
    while (lo < hi) {
      const mid = Math.ceil((lo + hi) / 2);
      if (size(start, mid) <= limit) lo = mid;
      else hi = mid - 1;
    }
    // …then cut it at its last paragraph break, else line end, else space, else anywhere.
    let cut = 0;
    for (const sep of ["\n\n", "\n", " "]) {
      const i = text.lastIndexOf(sep, lo - sep.length);
      if (i > start) {
        cut = i + sep.length;
        break;
      }
    }
    if (!cut) cut = Math.max(start + 1, safeCut(text, lo));
    while (o.canEndAt && cut > start + 1 && !o.canEndAt(cut)) cut--;
    out.push([start, trimEnd(text, start, cut)]);
    start = cut;
  }
  return out.filter(([a, b]) => b > a);
}

/** {@link splitRanges} as strings. */
export const splitText = (text: string, limit: number, o: SplitOptions = {}): string[] => splitRanges(text, limit, o).map(([a, b]) => text.slice(a, b));
