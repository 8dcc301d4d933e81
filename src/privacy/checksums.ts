/**
 * Check digits and date rules that tell real card and resident registration numbers from
 * look-alikes (order numbers, tracking numbers). Inputs are strings of ASCII digits.
 */

/**
 * True when `digits` passes the Luhn check used by every payment card number.
 *
 * @example luhnValid("4111111111111111") // true
 */
export function luhnValid(digits: string): boolean {
  let sum = 0;
  for (let i = 0; i < digits.length; i++) {
    let d = digits.charCodeAt(digits.length - 1 - i) - 48;
    if (d < 0 || d > 9) return false;
    if (i % 2 === 1) d = d * 2 > 9 ? d * 2 - 9 : d * 2;
    sum += d;
  }
  return digits.length > 0 && sum % 10 === 0;
}

/**
 * True when a card number starts like one an issuer hands out (Visa 4, Mastercard 51-55 and
 * 2221-2720, Amex/JCB/Diners 3, Discover/UnionPay 6, Korean domestic 9). Numbers starting with
 * 0, 1, 7 or 8, or with a year such as 2025, are order or tracking numbers far more often.
 */
export function cardPrefixPlausible(digits: string): boolean {
  if (/^[3-69]/.test(digits)) return true;
  const four = Number(digits.slice(0, 4));
  return four >= 2221 && four <= 2720;
}

const daysIn = (year: number, month: number) => new Date(Date.UTC(year, month, 0)).getUTCDate();

/**
 * True when the first seven digits of a resident registration number (YYMMDD + gender digit)
 * form a real birth date: gender 1, 2, 5, 6 are born in the 1900s, 3, 4, 7, 8 in the 2000s
 * (5 to 8 are foreign residents). February 29 only in leap years.
 */
export function rrnDatePlausible(digits: string): boolean {
  if (!/^\d{7}/.test(digits)) return false;
  const gender = digits.charCodeAt(6) - 48;
  if (gender < 1 || gender > 8) return false;
  const century = gender === 3 || gender === 4 || gender === 7 || gender === 8 ? 2000 : 1900;
  const year = century + Number(digits.slice(0, 2));
  const month = Number(digits.slice(2, 4));
  const day = Number(digits.slice(4, 6));
  return month >= 1 && month <= 12 && day >= 1 && day <= daysIn(year, month);
}

/**
 * True when the 13th digit is the check digit of the first twelve. Numbers issued before
 * October 2020 always carry it; numbers issued since then end in a random digit.
 *
 * @example rrnCheckDigitValid("9001011234568") // true
 */
export function rrnCheckDigitValid(digits: string): boolean {
  if (!/^\d{13}$/.test(digits)) return false;
  const weights = [2, 3, 4, 5, 6, 7, 8, 9, 2, 3, 4, 5];
  const sum = weights.reduce((s, w, i) => s + w * (digits.charCodeAt(i) - 48), 0);
  return (11 - (sum % 11)) % 10 === digits.charCodeAt(12) - 48;
}
