import { cardPrefixPlausible, luhnValid, rrnCheckDigitValid, rrnDatePlausible } from "./checksums.js";
import { mentionedBefore, type PiiSpan } from "./kinds.js";

/**
 * Detectors for personal data with a recognisable shape: card numbers, resident registration
 * numbers, bank account numbers, phone numbers and e-mail addresses. Each returns spans over a
 * cleaned text; `redact` resolves overlaps. Look-alikes that must survive (order and tracking
 * numbers, dates, prices, times, service numbers like 1588-1234) are documented per detector.
 */

/** Separators people put between digit groups: space, hyphen and the dashes NFKC keeps. */
const SEP = "[ \\-\u2010-\u2015\u2212]";

/** Dashes only: account numbers are written with them, and spaces would join unrelated numbers. */
const DASH = "[\\-\u2010-\u2015\u2212]";

/** Phone numbers also use dots. */
const PSEP = "[ .\\-\u2010-\u2015\u2212]";

const digitsOf = (s: string) => s.replace(/\D/g, "");

function collect(text: string, re: RegExp, accept: (m: RegExpExecArray) => PiiSpan["kind"] | undefined): PiiSpan[] {
  const out: PiiSpan[] = [];
  re.lastIndex = 0;
  for (let m = re.exec(text); m; m = re.exec(text)) {
    const kind = accept(m);
    if (kind) out.push({ kind, start: m.index, end: m.index + m[0].length });
  }
  return out;
}

const CARD_WORDS = /카드|card|신용|체크|결제|visa|master|amex/i;
const CARD = new RegExp(`(?<!\\d)(?:\\d{4}(${SEP})\\d{4}\\1\\d{4}\\1\\d{1,7}|\\d{4}(${SEP})\\d{6}\\2\\d{4,5}|\\d{13,19})(?!\\d)`, "g");

/**
 * Card numbers: 13-19 digits, either in one run or grouped 4-4-4-x / 4-6-5 with one consistent
 * separator. A grouped number must pass Luhn; a bare run must also start like an issuer's number
 * (so date-stamped order numbers such as 2025112712345678 stay). When the words just before say
 * "card", any such number is taken as one: a mistyped card number is still a card number.
 */
export const detectCards = (text: string) =>
  collect(text, CARD, (m) => {
    const d = digitsOf(m[0]);
    if (d.length < 13 || d.length > 19) return undefined;
    if (mentionedBefore(text, m.index, CARD_WORDS)) return "card";
    const grouped = d.length !== m[0].length;
    return luhnValid(d) && (grouped || cardPrefixPlausible(d)) ? "card" : undefined;
  });

const RRN_WORDS = /주민|resident|rrn|외국인\s?등록|등록\s?번호/i;
const RRN = new RegExp(`(?<!\\d)(\\d{6})(\\s?${SEP}\\s?)?([1-8](?:\\d{6}|[*xX●•○]{6}))(?![\\d*])`, "g");

/**
 * Resident registration numbers (and foreign resident numbers, same shape): YYMMDD-GNNNNNN.
 * Written with a separator, a real birth date and gender digit 1-8 suffice (numbers issued since
 * October 2020 end in a random digit, so the check digit cannot be required). A bare 13-digit
 * run also needs the check digit or the word "주민"/"resident" just before it, since 13-digit
 * tracking numbers exist. `YYMMDD-G******` (masked) counts too: it still gives birth date and sex.
 */
export const detectRrns = (text: string) =>
  collect(text, RRN, (m) => {
    const [, head = "", sep, tail = ""] = m;
    if (!rrnDatePlausible(head + tail)) return undefined;
    if (sep) return "rrn";
    if (!/^\d+$/.test(tail)) return undefined;
    return rrnCheckDigitValid(head + tail) || mentionedBefore(text, m.index, RRN_WORDS) ? "rrn" : undefined;
  });

const INTL = `(?:\\+|00)82${PSEP}?(?:\\(0\\)${PSEP}?)?`;
const PHONE = new RegExp(
  `(?<!\\d|\\d-)(?:(?:${INTL}|0)(?:1[016789]|2|[3-6][1-5]|70)|\\(0(?:2|[3-6][1-5])\\)\\s?)${PSEP}?\\d{3,4}${PSEP}?\\d{4}(?!\\d)`,
  "g",
);

/**
 * Korean phone numbers: mobile 010/011/016-019 (01012345678, 010-1234-5678, +82 10 1234 5678),
 * Seoul 02 and area codes 031-064, 070 internet phones. Service numbers (1588-1234, 1577-7011)
 * and short numbers (112, 118) are businesses, not people, and stay.
 */
export const detectPhones = (text: string) => collect(text, PHONE, () => "phone");

const ACCOUNT_LAYOUTS = new Set([
  "3-2-6", // SC First, Shinhan (old)
  "3-2-7", // Kyongnam
  "3-3-6", // Shinhan, K bank, Shinhyup
  "3-6-3", // Citi
  "3-6-5", // Hana
  "4-2-7", // KakaoBank
  "4-3-6", // Woori
  "6-2-6", // KB Kookmin, post office, local NongHyup
  "3-2-4-3", // KB Kookmin (old)
  "3-2-6-1", // Daegu
  "3-4-4-2", // NongHyup, Busan
  "3-6-2-3", // IBK
  "4-2-6-1", // MG Saemaeul
]);
const ACCOUNT_WORDS = /계좌|통장|입금|송금|이체|예금주|은행|뱅크|농협|신협|수협|새마을|우체국|토스|카뱅|account|acct|bank|iban/i;
const ACCOUNT = new RegExp(`(?<!\\d|\\d${DASH})\\d{2,6}(?:${DASH}\\d{1,7}){1,4}(?!\\d|${DASH}\\d)|(?<!\\d)\\d{10,14}(?!\\d|\\s?(?:원|won|krw))`, "gi");

/**
 * Bank account numbers. Known dashed layouts of Korean banks are taken as they are
 * (110-123-456789 Shinhan, 1002-123-456789 Woori, 3333-01-1234567 KakaoBank, …); any other run of
 * 10-14 digits only when a word like 계좌, 통장, 은행 or "account" comes just before it. Left
 * alone: tracking numbers (6-4-4, 4-4-4), order numbers, dates, amounts in won.
 */
export const detectAccounts = (text: string) =>
  collect(text, ACCOUNT, (m) => {
    const groups = m[0].split(new RegExp(DASH));
    const total = groups.join("").length;
    if (total < 10 || total > 16) return undefined;
    if (groups.length > 1 && ACCOUNT_LAYOUTS.has(groups.map((g) => g.length).join("-"))) return "account";
    return total <= 14 && mentionedBefore(text, m.index, ACCOUNT_WORDS) ? "account" : undefined;
  });

const EMAIL = /(?<![\p{L}\p{N}._%+-])[\p{L}\p{N}._%+-]{1,64}@[\p{L}\p{N}-]{1,63}(?:\.[\p{L}\p{N}-]{1,63}){0,8}\.\p{L}{2,24}(?![\p{L}\p{N}])/gu;

/** E-mail addresses (Unicode letters allowed, a dotted domain with a final label of 2+ letters). */
export const detectEmails = (text: string) => collect(text, EMAIL, () => "email");
