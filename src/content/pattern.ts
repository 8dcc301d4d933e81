/**
 * Compiles a content writer's pattern (a paraphrase of the lexicon, a scam signal) for matching
 * lower-case NFKC text, as fast as it can be. It throws on a pattern that is not valid with the
 * `u` flag (strict syntax), as the schemas do. Matching adds `u` only when the pattern needs it (`\p{…}`, `\u{…}` or a
 * character outside the Basic Multilingual Plane): V8 runs case-insensitive patterns about four
 * times slower with `u` than without, and for a pattern without those the two read the same on
 * the text it is given (emoji are removed before matching, Hangul is in the BMP).
 *
 * @example
 * contentPattern("\\bnew card\\b").flags // "i"
 * contentPattern("\\p{Script=Hangul}+").flags // "iu"
 */
export function contentPattern(source: string, flags = ""): RegExp {
  // Strict syntax first: a pattern that only the legacy syntax accepts is an error here too.
  const strict = new RegExp(source, `${flags}iu`);
  return needsUnicode(source) ? strict : new RegExp(source, `${flags}i`);
}

/** True when a pattern reads differently without the `u` flag. */
export function needsUnicode(source: string): boolean {
  return /\\[pP]\{|\\u\{|[\u{10000}-\u{10ffff}]/u.test(source);
}
