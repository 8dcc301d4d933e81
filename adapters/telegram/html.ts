import { toSpans, type Span } from "../../src/index.js";
import { splitRanges } from "../shared/split.js";

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

/**
 * Renders text as one or more HTML messages of at most `limit` characters (markup included, so
 * the count after Telegram parses it is lower still), cut by the shared splitter; bold spans cut
 * in two stay bold on both sides.
 */
export function toHtmlChunks(text: string, limit = MAX_MESSAGE_CHARS): string[] {
  const spans = toSpans(text);
  const plain = spans.map((s) => s.text).join("");
  const html = (a: number, b: number) => spansToHtml(sliceSpans(spans, a, b));
  const chunks = splitRanges(plain, limit, { size: (a, b) => html(a, b).length }).map(([a, b]) => html(a, b));
  return chunks.length ? chunks : [""];
}
