/**
 * Finds personal data and secrets in free text and replaces them before anything is stored,
 * logged or counted. Kinds: card numbers (Luhn), Korean resident registration numbers,
 * bank account numbers, phone numbers, e-mail addresses, announced secrets (passwords, codes).
 * See docs/privacy.md for what each kind matches and what it leaves alone.
 */
import { detectAccounts, detectCards, detectEmails, detectPhones, detectRrns } from "./detectors.js";
import type { PiiKind, PiiSpan } from "./kinds.js";
import { detectSecrets } from "./secrets.js";

export type { PiiKind, PiiSpan } from "./kinds.js";

/** Kinds that must never be posted in a shared channel: the bot deletes such messages where it can. */
export const SENSITIVE_KINDS: ReadonlySet<PiiKind> = new Set(["card", "rrn", "secret"]);

/** Redacted text and what was found in it. */
export interface Redaction {
  /** The cleaned text with every detected span replaced by a label such as `[💳]` (see {@link PII_LABELS}). */
  text: string;
  /** The kinds found, each once, in order of first appearance. */
  found: PiiKind[];
}

/**
 * What replaces each kind in kept text. Symbols rather than words, so the matcher sees the
 * message as if the value were simply gone ("[phone number]" would pull a smishing question
 * towards the "my phone number leaked" topic).
 */
export const PII_LABELS: Readonly<Record<PiiKind, string>> = {
  card: "[💳]",
  rrn: "[🆔]",
  account: "[🏦]",
  phone: "[📞]",
  email: "[📧]",
  secret: "[🔑]",
};

/** Detectors in priority order: where spans overlap, the earlier kind wins. */
const DETECTORS: readonly ((text: string) => PiiSpan[])[] = [detectSecrets, detectEmails, detectRrns, detectCards, detectPhones, detectAccounts];

/** Format characters (zero-width, bidi overrides, soft hyphen, BOM) and C0/C1 controls but tab and newline. */
const INVISIBLE = /[\p{Cf}\u0000-\u0008\u000b-\u001f\u007f-\u009f]/gu;

/**
 * Normalises text before detection and storage: NFKC (full-width digits and dashes become ASCII),
 * invisible and control characters removed (so "4111\u200b1111…" is still a card number and no
 * stored text can carry terminal escapes or direction overrides), carriage returns as newlines.
 */
export function cleanText(text: string): string {
  return text.normalize("NFKC").replace(/\r\n?/g, "\n").replace(INVISIBLE, "");
}

/**
 * Finds personal data in `text` (already cleaned with {@link cleanText}); overlapping findings
 * are resolved by priority (secret, email, resident number, card, phone, account).
 */
export function detectPii(text: string): PiiSpan[] {
  const taken: PiiSpan[] = [];
  for (const detect of DETECTORS) {
    for (const s of detect(text)) {
      if (!taken.some((t) => s.start < t.end && t.start < s.end)) taken.push(s);
    }
  }
  return taken.sort((a, b) => a.start - b.start);
}

/**
 * Cleans `text` and replaces the personal data in it.
 *
 * @example redact("my card 4111 1111 1111 1111").text // "my card [💳]"
 * @example redact("비밀번호는 hunter2 입니다").found // ["secret"]
 */
export function redact(text: string): Redaction {
  const clean = cleanText(text);
  const spans = detectPii(clean);
  let out = "";
  let at = 0;
  for (const s of spans) {
    out += clean.slice(at, s.start) + PII_LABELS[s.kind];
    at = s.end;
  }
  out += clean.slice(at);
  return { text: out, found: [...new Set(spans.map((s) => s.kind))] };
}
