/**
 * Finds personal data and secrets in free text and replaces them before anything is stored,
 * logged or counted. Kinds: card numbers (Luhn), Korean resident registration numbers,
 * bank account numbers, phone numbers, e-mail addresses, announced secrets (passwords, codes).
 */

/** What kind of personal data was found. */
export type PiiKind = "card" | "rrn" | "account" | "phone" | "email" | "secret";

/** Kinds that must never be posted in a shared channel: the bot deletes such messages where it can. */
export const SENSITIVE_KINDS: ReadonlySet<PiiKind> = new Set(["card", "rrn", "secret"]);

/** Redacted text and what was found in it. */
export interface Redaction {
  text: string;
  found: PiiKind[];
}

const luhn = (digits: string) => {
  let sum = 0;
  for (let i = 0; i < digits.length; i++) {
    let d = digits.charCodeAt(digits.length - 1 - i) - 48;
    if (i % 2 === 1) d = d * 2 > 9 ? d * 2 - 9 : d * 2;
    sum += d;
  }
  return sum % 10 === 0;
};

const rrnValid = (d: string) => {
  const m = [2, 3, 4, 5, 6, 7, 8, 9, 2, 3, 4, 5];
  const month = Number(d.slice(2, 4));
  const day = Number(d.slice(4, 6));
  if (month < 1 || month > 12 || day < 1 || day > 31 || !/[1-8]/.test(d[6] ?? "")) return false;
  const sum = m.reduce((s, w, i) => s + w * (d.charCodeAt(i) - 48), 0);
  const check = (11 - (sum % 11)) % 10;
  // Numbers issued since October 2020 have a random last digit; accept a valid date and gender digit.
  return check === d.charCodeAt(12) - 48 || d[6] !== undefined;
};

const SECRET_WORDS =
  "(?:password|passcode|pass\\s*word|pin(?:\\s*(?:number|code))?|otp|cvc|cvv|verification\\s*code|auth(?:entication)?\\s*code|security\\s*code|one[- ]time\\s*(?:code|password)|비밀번호|비번|암호|패스워드|인증\\s*번호|인증\\s*코드|보안\\s*코드|핀\\s*번호|otp\\s*번호|공동현관\\s*(?:비밀번호|비번)?)";
const SECRET = new RegExp(
  `(${SECRET_WORDS}\\s*(?:is|was|:|=|는|은|가|이|를|을)?\\s*(?:is\\s*)?[:=]?\\s*)([^\\s,.;!?'"]{3,64})`,
  "giu",
);

const RULES: { kind: PiiKind; re: RegExp; valid?: (digits: string, match: string) => boolean }[] = [
  { kind: "email", re: /[\p{L}\p{N}._%+-]+@[\p{L}\p{N}.-]+\.[\p{L}]{2,}/gu },
  { kind: "rrn", re: /(?<!\d)\d{6}\s?[-–]?\s?[1-8]\d{6}(?!\d)/g, valid: (d) => d.length === 13 && rrnValid(d) },
  { kind: "card", re: /(?<![\d-])(?:\d[ -]?){12,18}\d(?![\d-])/g, valid: (d) => d.length >= 13 && d.length <= 19 && luhn(d) },
  {
    kind: "phone",
    re: /(?<![\d-])(?:\+?82[ -]?)?0?1[016789][ -.]?\d{3,4}[ -.]?\d{4}(?![\d-])|(?<![\d-])0(?:2|[3-6][1-5])[ -.]?\d{3,4}[ -.]?\d{4}(?![\d-])/g,
  },
  { kind: "account", re: /(?<![\d-])\d{2,6}-\d{2,6}-\d{2,8}(?:-\d{1,6})?(?![\d-])/g, valid: (d) => d.length >= 10 && d.length <= 16 },
];

const LABEL: Record<PiiKind, string> = {
  card: "[card number]",
  rrn: "[resident number]",
  account: "[account number]",
  phone: "[phone number]",
  email: "[email]",
  secret: "[secret]",
};

/**
 * Redacts personal data in `text`.
 *
 * @example redact("my card 4111 1111 1111 1111").text // "my card [card number]"
 */
export function redact(text: string): Redaction {
  const found = new Set<PiiKind>();
  let out = text.replace(SECRET, (_m, lead: string, secret: string) => {
    if (/^\[/.test(secret)) return _m;
    found.add("secret");
    return `${lead}${LABEL.secret}`;
  });
  for (const rule of RULES) {
    out = out.replace(rule.re, (m) => {
      const digits = m.replace(/\D/g, "");
      if (rule.valid && !rule.valid(digits, m)) return m;
      found.add(rule.kind);
      return LABEL[rule.kind];
    });
  }
  return { text: out, found: [...found] };
}
