import type { PiiSpan } from "./kinds.js";

/**
 * Secrets announced as such: "my password is …", "비밀번호는 …", "비번 …", "OTP 123456",
 * "인증번호123456", "123456 is my OTP". Only the value is redacted; the words around it stay so
 * the question can still be answered ("I typed my password [🔑] into a text, what now?").
 *
 * A word after "password" is often not a password ("비밀번호 바꿔야 하나요", "my password was
 * leaked"), so a value must look like one: never Hangul, not a common word, and after an English
 * keyword without "is"/":" it must hold a digit, a symbol or mixed case. Codes are 3-10 digits
 * (or letters with digits) not followed by a unit ("OTP 6자리", "인증번호 3번", "2025년").
 */

const LATIN_PASSWORD = "pass\\s?word|passwd|passcode|pwd|pw";
const KOREAN_PASSWORD = "비밀\\s?번호|비번|암호|패스\\s?워드";
const LATIN_CODE =
  "otp|one[-\\s]?time\\s?(?:code|password|pin)|(?:verification|verify|auth(?:entication)?|security|confirmation|login|sms|2fa|mfa|access)\\s?code|pin(?:\\s?(?:number|code|no))?|cvc2?|cvv2?|csc";
const KOREAN_CODE = "인증\\s?(?:번호|코드)|보안\\s?(?:코드|카드\\s?번호)|확인\\s?코드|핀\\s?번호";

const latin = (words: string) => `(?<![A-Za-z])(?:${words})(?![A-Za-z])`;
/** "otp 번호", "PIN 코드": a noun after the keyword that is still part of it. */
const NOUN = "(?:\\s?(?:번호|코드|넘버))?";
/** "for my shop account" between an English keyword and "is". */
const FILLER = "(?:\\s+(?:for|of|on|at|to)\\s+(?:my\\s+|the\\s+)?[\\p{L}\\p{N}._-]{1,30}(?:\\s+account)?)?";
/** An explicit announcement: "is", "was", ":", "=", "changed to", Korean topic/subject particles. */
const EXPLICIT = "\\s+(?:(?:is|was|has been)\\s+)?(?:changed|set|reset|updated)\\s+to\\s+|\\s*[:=：]\\s*|\\s*(?:->|→)\\s*|\\s+(?:is|was|are|were)(?:\\s*[:=])?\\s+|(?:은|는|이|가|란)\\s*";
/** Weaker links: other particles or nothing at all. */
const WEAK = "(?:을|를|도|로|으로|요)?\\s*";
const LINK = `(?:(?<explicit>${EXPLICIT})|${WEAK})`;

const UNIT = "(?:년|월|일|시|분|초|원|자리|번|회|개|명|살|세|%|시간|days?|minutes?|mins?|hours?|digits?|times?|chars?|characters?|won)";
const VALUE = "(?<value>[^\\s\\p{Script=Hangul}]{3,64})";
const CODE_VALUE = `(?<value>\\d(?:[ -]?\\d){2,9}|(?=[A-Za-z]*\\d)[A-Za-z\\d]{4,12})(?![\\dA-Za-z]|\\s?${UNIT})`;

const PASSWORD_RE = new RegExp(`(?:(?<en>${latin(LATIN_PASSWORD)})${FILLER}|(?:${KOREAN_PASSWORD}))${NOUN}${LINK}${VALUE}`, "dgiu");
const CODE_RE = new RegExp(`(?:${latin(LATIN_CODE)}|${KOREAN_CODE})${NOUN}${LINK}${CODE_VALUE}`, "dgiu");
const CODE_BEFORE_RE = new RegExp(
  `(?<![\\d-])(?<value>\\d{4,8})(?:\\s*(?:은|는|이|가)\\s*|\\s+(?:is|was)\\s+(?:my|the|your)\\s+|\\s*[:=]?\\s*)(?:${latin(LATIN_CODE)}|${KOREAN_CODE})`,
  "dgiu",
);

/** Words that follow "password" in ordinary sentences; never taken as the password itself. */
const NOT_A_SECRET = new Set(
  (
    "is was are were be been being the a an my your our his her their its it this that these those there here not no yes also too still " +
    "same different new old again now then just only very really so probably maybe definitely please and or but if when how what why where " +
    "in on at for to of by with from about into as leaked stolen exposed compromised hacked breached changed reset updated safe unsafe secure " +
    "insecure weak strong long short easy hard simple complex good bad fine ok okay wrong incorrect correct right required needed expired locked " +
    "used reused shared saved stored encrypted hashed known public visible gone lost forgotten forgot change update reuse recovery hint policy " +
    "rules length requirements strength field box form page screen login sign manager managers protected included affected one all every " +
    "sms otp pin id app url link email e-mail mail text message code codes number numbers account accounts 2fa mfa naver kakao " +
    "kakaotalk google gmail daum apple samsung facebook instagram netflix toss pass bank card wifi wi-fi"
  ).split(" "),
);

const stripPunct = (v: string) => v.replace(/^[\p{P}\p{S}]+|[\p{P}\p{S}]+$/gu, "");
/** A digit, a symbol inside the word, or mixed case: not an ordinary English word. */
const looksLikePassword = (core: string) => /\d/.test(core) || /[^\p{L}\p{N}]/u.test(core) || (/\p{Lu}/u.test(core) && /\p{Ll}/u.test(core));

function acceptPassword(m: RegExpExecArray, text: string): boolean {
  const g = m.groups ?? {};
  const value = g.value ?? "";
  const core = stripPunct(value);
  if (core.length < 3 || !/[\p{L}\p{N}]/u.test(core) || NOT_A_SECRET.has(core.toLowerCase())) return false;
  const rest = text.slice(m.index + m[0].length);
  if (/^\d+$/.test(core) && new RegExp(`^\\s?${UNIT}`, "iu").test(rest.slice(0, 12))) return false;
  // After a Korean keyword any Latin or digit token is the value ("비밀번호 qwerty").
  if (g.en === undefined || looksLikePassword(core)) return true;
  // A plain English word after "password" is usually prose ("is similar to …"): take it only when
  // announced and ending the clause ("my password is sunshine.").
  return g.explicit !== undefined && (/[,.;!?]$/.test(value) || /^[ \t]*(?:\n|$)/.test(rest));
}

function spans(text: string, re: RegExp, accept: (m: RegExpExecArray) => boolean): PiiSpan[] {
  const out: PiiSpan[] = [];
  re.lastIndex = 0;
  for (let m = re.exec(text); m; m = re.exec(text)) {
    const at = m.indices?.groups?.value;
    if (at && accept(m)) {
      out.push({ kind: "secret", start: at[0], end: at[1] });
    } else {
      // Not a secret: look again from the next character, so "password otp 123456" still finds the code.
      re.lastIndex = m.index + 1;
    }
  }
  return out;
}

/** Finds announced secrets (passwords, one-time codes, PINs, CVCs) in a cleaned text. */
export function detectSecrets(text: string): PiiSpan[] {
  return [
    ...spans(text, PASSWORD_RE, (m) => acceptPassword(m, text)),
    ...spans(text, CODE_RE, () => true),
    ...spans(text, CODE_BEFORE_RE, () => true),
  ];
}
