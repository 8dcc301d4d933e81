import { findPhoneNumbersInText } from "libphonenumber-js";

/** A phone number written in a message. */
export interface FoundNumber {
  /** As written, e.g. `070-1234-5678`. */
  raw: string;
  /** E.164, e.g. `+827012345678`. */
  e164: string;
  /** The national digits as a Korean writes them (`07012345678`, `15777011`). */
  national: string;
  /** Where it starts in the text searched. */
  start: number;
}

/** How a real phone number starts when written: `0…` (area or mobile), `+…`, or a `1588-` style service number. */
const PHONE_START = /^(?:\+|0|1[5-9]\d\d\D?\d{4}$)/;

/**
 * Finds phone numbers with `libphonenumber-js` (Korea as the default country): `010-…`, `02-…`,
 * `070-…`, `1588-…`, `+82 …`. Run it on text with the links removed, so digits in a URL are not
 * read as a number. A bare group of digits that does not start like a number (a case number
 * `2025-4471`, an amount) is left alone.
 *
 * @example findNumbers("즉시 고객센터 070-1234-5678")[0].national // "07012345678"
 */
export function findNumbers(text: string): FoundNumber[] {
  const out: FoundNumber[] = [];
  for (const n of findPhoneNumbersInText(text, "KR")) {
    const raw = text.slice(n.startsAt, n.endsAt);
    if (!PHONE_START.test(raw.trim())) continue;
    const nat = n.number.nationalNumber;
    const national = n.number.countryCallingCode === "82" && !/^1[5-9]\d\d/.test(nat) ? `0${nat}` : nat;
    out.push({ raw, e164: n.number.number, national, start: n.startsAt });
  }
  return out;
}

/**
 * A mobile number (010…, +82 10…) may be a person's own, so replies and records show it masked
 * ("010-98**-**32"), like every other personal number the bot redacts; service numbers
 * (1588-…, 02-…) are shown whole so the user can recognise them.
 */
export function maskPersonalNumber(raw: string): string {
  const d = raw.replace(/\D/g, "");
  if (!/^(?:010|8210)\d{7,8}$/.test(d)) return raw;
  let seen = 0;
  const total = (raw.match(/\d/g) ?? []).length;
  return raw.replace(/\d/g, (c) => {
    seen++;
    return seen <= 5 || seen > total - 2 ? c : "*";
  });
}
