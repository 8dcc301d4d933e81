import { describe, expect, it } from "vitest";
import { cardPrefixPlausible, luhnValid, rrnCheckDigitValid, rrnDatePlausible } from "../../src/privacy/checksums.js";
import { cleanText, PII_LABELS, redact, type PiiKind } from "../../src/privacy/redact.js";

const L = PII_LABELS;

describe("checksums", () => {
  it.each([
    ["4111111111111111", true],
    ["5555555555554444", true],
    ["378282246310005", true],
    ["2025112712345678", false],
    ["4111111111111112", false],
    ["", false],
  ])("luhnValid(%s) = %s", (digits, ok) => expect(luhnValid(digits)).toBe(ok));

  it.each([
    ["4111", true],
    ["5105", true],
    ["2221", true],
    ["2720", true],
    ["2025", false],
    ["1234", false],
    ["0101", false],
    ["9409", true],
  ])("cardPrefixPlausible(%s) = %s", (digits, ok) => expect(cardPrefixPlausible(digits)).toBe(ok));

  it.each([
    ["9001011", true],
    ["0002293", true], // 2000 is a leap year
    ["0102293", false], // 2001 is not
    ["9002291", false], // 1990 is not
    ["9013011", false], // month 13
    ["9004311", false], // 31 April
    ["9001019", false], // gender 9 (1800s) is not issued to living people
    ["9001010", false],
    ["2010157", true], // foreign resident born 2020
  ])("rrnDatePlausible(%s) = %s", (digits, ok) => expect(rrnDatePlausible(digits)).toBe(ok));

  it.each([
    ["9001011234568", true],
    ["8512312345673", true],
    ["9001011234567", false],
    ["900101123456", false],
  ])("rrnCheckDigitValid(%s) = %s", (digits, ok) => expect(rrnCheckDigitValid(digits)).toBe(ok));
});

interface Case {
  text: string;
  out: string;
  found: PiiKind[];
}
const hit = (text: string, out: string, ...found: PiiKind[]): Case => ({ text, out, found });
const keep = (text: string): Case => ({ text, out: text, found: [] });

describe("redact: true positives", () => {
  it.each([
    // card numbers
    hit("my card 4111 1111 1111 1111", `my card ${L.card}`, "card"),
    hit("4111-1111-1111-1111 유효기간 12/27", `${L.card} 유효기간 12/27`, "card"),
    hit("5555555555554444", L.card, "card"),
    hit("amex 3782 822463 10005 ok", `amex ${L.card} ok`, "card"),
    hit("카드번호 1234 5678 9012 3456 맞나요", `카드번호 ${L.card} 맞나요`, "card"), // fails Luhn, but announced
    hit("카드 2025112712345678", `카드 ${L.card}`, "card"),
    hit("４１１１１１１１１１１１１１１１", L.card, "card"), // full-width digits
    hit("4111\u200b1111\u200b1111\u200b1111", L.card, "card"), // zero-width spaces
    // resident registration numbers
    hit("주민번호 900101-1234568", `주민번호 ${L.rrn}`, "rrn"),
    hit("900101-1234567", L.rrn, "rrn"), // wrong check digit: still a number people write
    hit("201015-4123456 아이 번호", `${L.rrn} 아이 번호`, "rrn"), // issued after Oct 2020: random last digit
    hit("900101 - 2234567", L.rrn, "rrn"),
    hit("9001011234568", L.rrn, "rrn"),
    hit("주민등록번호 9001011234567", `주민등록번호 ${L.rrn}`, "rrn"),
    hit("900101-1******", L.rrn, "rrn"),
    // bank accounts
    hit("신한 110-123-456789", `신한 ${L.account}`, "account"),
    hit("1002-123-456789 로 입금", `${L.account} 로 입금`, "account"),
    hit("3333-01-1234567", L.account, "account"),
    hit("123456-01-234567", L.account, "account"),
    hit("계좌번호 110123456789", `계좌번호 ${L.account}`, "account"),
    hit("토스 1000-1234-5678", `토스 ${L.account}`, "account"),
    // phone numbers
    hit("010-1234-5678", L.phone, "phone"),
    hit("01012345678로 연락", `${L.phone}로 연락`, "phone"),
    hit("+82 10 1234 5678", L.phone, "phone"),
    hit("+82-10-1234-5678", L.phone, "phone"),
    hit("02-123-4567", L.phone, "phone"),
    hit("031.123.4567", L.phone, "phone"),
    hit("(02) 123-4567", L.phone, "phone"),
    hit("010-1111-2222 010-3333-4444", `${L.phone} ${L.phone}`, "phone"),
    // e-mail
    hit("me@example.com 으로 메일", `${L.email} 으로 메일`, "email"),
    hit("Mail: first.last+tag@mail.co.kr.", `Mail: ${L.email}.`, "email"),
    // announced secrets
    hit("my password is hunter2", `my password is ${L.secret}`, "secret"),
    hit("my password is sunshine", `my password is ${L.secret}`, "secret"),
    hit("password: qwerty", `password: ${L.secret}`, "secret"),
    hit("my password for coupang is Tr0ub4dor&3", `my password for coupang is ${L.secret}`, "secret"),
    hit("password was changed to s3cret!", `password was changed to ${L.secret}`, "secret"),
    hit("비밀번호는 abc123이에요", `비밀번호는 ${L.secret}이에요`, "secret"),
    hit("비밀번호 qwerty", `비밀번호 ${L.secret}`, "secret"),
    hit("비번 1234", `비번 ${L.secret}`, "secret"),
    hit("비밀번호를 qwer1234로 바꿨어요", `비밀번호를 ${L.secret}로 바꿨어요`, "secret"),
    hit("인증번호 123456", `인증번호 ${L.secret}`, "secret"),
    hit("인증번호123456", `인증번호${L.secret}`, "secret"),
    hit("인증번호는 123 456 이에요", `인증번호는 ${L.secret} 이에요`, "secret"),
    hit("OTP 123456", `OTP ${L.secret}`, "secret"),
    hit("otp번호 987654", `otp번호 ${L.secret}`, "secret"),
    hit("my pin is 1234", `my pin is ${L.secret}`, "secret"),
    hit("CVC: 123", `CVC: ${L.secret}`, "secret"),
    hit("password otp 123456", `password otp ${L.secret}`, "secret"),
    hit("123456 is my OTP", `${L.secret} is my OTP`, "secret"),
    hit("123456이 인증번호예요", `${L.secret}이 인증번호예요`, "secret"),
    // several at once; a password token is redacted with its trailing punctuation (it may be part of it)
    hit(
      "카드 4111 1111 1111 1111, 비번 0000, 전화 010-1234-5678",
      `카드 ${L.card}, 비번 ${L.secret} 전화 ${L.phone}`,
      "secret",
      "card",
      "phone",
    ),
  ])("$text", ({ text, out, found }) => {
    const r = redact(text);
    expect(r.text).toBe(out);
    expect(new Set(r.found)).toEqual(new Set(found));
  });
});

describe("redact: look-alikes stay", () => {
  it.each([
    keep("주문번호 2025112712345678 배송 언제 와요?"), // order number, fails Luhn
    keep("주문번호 2025112712345677"), // passes Luhn but starts with a year
    keep("1234567890128"), // 13 digits passing Luhn, no issuer starts with 1
    keep("9001011234567"), // RRN-shaped 13-digit run with a wrong check digit, not announced
    keep("운송장 123456-7890-1234 조회"), // tracking number 6-4-4
    keep("송장번호 6012-3456-7890"), // tracking number 4-4-4
    keep("2025-11-27에 주문했어요"),
    keep("2025.11.27 12:30"),
    keep("11/27 14:05:33"),
    keep("19,800원 결제됐어요"),
    keep("1,234,567원"),
    keep("쿠팡 고객센터 1577-7011"),
    keep("1588-1234 로 전화"),
    keep("112, 118, 1332"),
    keep("123-4567-8901"), // phone-like, not a Korean phone number
    keep("010-123"),
    keep("0101234567890"), // too long for a phone number
    keep("사업자등록번호 123-45-67890"),
    keep("version 1.2.3"),
    keep("@everyone <b>bold</b> **x**"),
    // "password" in ordinary sentences
    keep("비밀번호 바꿔야 하나요?"),
    keep("비밀번호를 변경했어요"),
    keep("비밀번호 2025년에 바꿨는데"),
    keep("비밀번호 8자리 이상"),
    keep("비번 OTP로 바꿔요"),
    keep("비밀번호도 유출됐나요?"),
    keep("암호화 되어있나요"),
    keep("my password was leaked"),
    keep("password reset"),
    keep("password qwerty"),
    keep("my bank app password is similar to my shopping password"),
    keep("I use the same password on other sites, do I need to change those too"),
    keep("password pwned?"),
    keep("Did the hackers get my Coupang password?"),
    keep("OTP 6자리"),
    keep("인증번호가 3번 틀렸어요"),
    keep("OTP 10분 지나면 만료돼요"),
    keep("인증번호 문자가 안 와요"),
  ])("$text", ({ text, out, found }) => {
    const r = redact(text);
    expect(r.text).toBe(out);
    expect(r.found).toEqual(found);
  });
});

describe("cleanText", () => {
  it("removes invisible and control characters, keeps newlines and tabs, applies NFKC", () => {
    expect(cleanText("a\u200bb\u202ec\u0007d\u001b[31me\r\nf\tg")).toBe("abcd[31me\nf\tg");
    expect(cleanText("ＡＢＣ１２３")).toBe("ABC123");
  });

  it("redacts in linear time on long adversarial input", () => {
    const inputs = ["1-".repeat(8000), "a@".repeat(8000), "password ".repeat(2000), "비밀번호 1".repeat(3000), "4".repeat(16000), "+82 ".repeat(4000)];
    const start = performance.now();
    for (const s of inputs) redact(s);
    expect(performance.now() - start).toBeLessThan(2000);
  });
});
