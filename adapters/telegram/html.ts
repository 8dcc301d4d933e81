import { toSpans, type Span } from "../../src/index.js";

/** Telegram's limit for the text of one message. */
export const MAX_MESSAGE_CHARS = 4096;

/** Escapes text for Telegram's HTML parse mode (only `<`, `>` and `&` are special). */
export const escapeHtml = (s: string): string => s.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;");

const spansToHtml = (spans: readonly Span[]): string =>
  spans.map((s) => (s.bold ? `<b>${escapeHtml(s.text)}</b>` : escapeHtml(s.text))).join("");

/** Renders text with the engine's `**bold**` marks as Telegram HTML, escaping every span. */
export const toHtml = (text: string): string => spansToHtml(toSpans(text));

/** The spans covering plain-text positions `[from, to)`. */
function sliceSpans(spans: readonly Span[], from: number, to: number): Span[] {
  const out: Span[] = [];
  let pos = 0;
  for (const s of spans) {
    const end = pos + s.text.length;
    const a = Math.max(from, pos);
    const b = Math.min(to, end);
    if (a < b) out.push({ text: s.text.slice(a - pos, b - pos), bold: s.bold });
    pos = end;
  }
  return out;
}

/** Does not cut a UTF-16 surrogate pair in two. */
const safeCut = (plain: string, at: number) => {
  const c = plain.charCodeAt(at - 1);
  return c >= 0xd800 && c <= 0xdbff ? at - 1 : at;
};

/**
 * Renders text as one or more HTML messages of at most `limit` characters (markup included, so
 * the count after Telegram parses it is lower still). Cuts at paragraph boundaries, then at line
 * ends, then between words, then anywhere; bold spans cut in two stay bold on both sides.
 */
export function toHtmlChunks(text: string, limit = MAX_MESSAGE_CHARS): string[] {
  const spans = toSpans(text);
  const plain = spans.map((s) => s.text).join("");
  const html = (a: number, b: number) => spansToHtml(sliceSpans(spans, a, b));
  const chunks: string[] = [];
  let start = 0;
  while (start < plain.length) {
    while (start < plain.length && /\s/.test(plain[start] ?? "")) start++;
    if (start >= plain.length) break;
    if (html(start, plain.length).length <= limit) {
      chunks.push(html(start, plain.length).trimEnd());
      break;
    }
    // The rendered length grows with the cut position: find the longest prefix that fits…
    let lo = start + 1;
    let hi = plain.length;
    while (lo < hi) {
      const mid = Math.ceil((lo + hi) / 2);
      if (html(start, mid).length <= limit) lo = mid;
      else hi = mid - 1;
    }
    // …then cut it at its last paragraph break, else line end, else space, else anywhere.
    let cut = 0;
    for (const sep of ["\n\n", "\n", " "]) {
      const i = plain.lastIndexOf(sep, lo - sep.length);
      if (i > start) {
        cut = i + sep.length;
        break;
      }
    }
    if (!cut) cut = Math.max(start + 1, safeCut(plain, lo));
    chunks.push(html(start, cut).trimEnd());
    start = cut;
  }
  return chunks.length ? chunks : [""];
}
