/** What kind of personal data was found. */
export type PiiKind = "card" | "rrn" | "account" | "phone" | "email" | "secret";

/** A detected span of personal data in a cleaned text (see `cleanText`), `end` exclusive. */
export interface PiiSpan {
  kind: PiiKind;
  start: number;
  end: number;
}

/** Whether a short stretch of text just before a number names what the number is. */
export const mentionedBefore = (text: string, start: number, words: RegExp, window = 20): boolean =>
  words.test(text.slice(Math.max(0, start - window), start));
