import type { ScamFlag } from "./flags.js";

/**
 * Generic structure of a scam, whatever its lure: a way to act that nobody vouches for, and
 * beside it independent signs any scam shows: pressure, money or secrets at stake, a sender
 * it speaks as. Lures are written per pack and a new lure is always one step ahead; the shape
 * "[Some office] your X is on hold, pay KRW n today at x.top" is not.
 */

/** The name a message opens with, as a sender's tag does: `[국세청] …`, `【Bank】 …`, `USPS: …`. */
const OPENING_TAG = /^\s*(?:\[[^\]\n]{0,12}발신\]\s*)?(?:[[【]\s*([^\]】\n]{2,24}?)\s*[\]】]|([\p{Lu}][\p{L}\d&.'’ -]{1,24}?)\s*:\s)/u;
/** Tags that name no sender: an ad marker, a sender-type tag, a greeting. */
const NOT_A_SENDER = /^(?:광고|ad|ads|web\s*발신|국제\s*발신|국외\s*발신|international|발신|알림|안내|공지|fw|fwd|re|hi|hello|dear|note|ps)$/i;
/** An amount of money: `1,280,000원`, `30만원`, `KRW 50,000`, `$1.99`, `USD 980`, `35,000P`. */
const AMOUNT = /(?:\d[\d,.]*\s*(?:만\s*)?(?:천\s*)?원|\d[\d,.]*\s*(?:천|백)\s*만|\d[\d,.]*\s*(?:억|만)|(?:krw|usd|eur|gbp|₩|\$|€|£)\s?\d[\d,.]*|\d[\d,.]*\s?(?:krw|usd|dollars?|p\b|포인트))/i;

/** A masked account or card number (`***-**-4821`, `1*2*`) and a time of day (`12/04 09:15`): how a transaction alert is laid out. */
const MASKED = /\*{2,}[-\d*]*\d{2,}|\d[\d-]*\*{2,}|\(\d\*\d\*\)/;
const TIME_OF_DAY = /\b\d{1,2}[/.-]\d{1,2}\s+\d{1,2}:\d{2}\b/;

export interface Structure {
  /** Laid out as a transaction alert: a masked number and a date and time. */
  receipt?: boolean;
  /** The name the message opens with, if it speaks as someone. */
  sender?: string;
  /** That name in Latin letters and digits only, lower-cased (`[NAVER]` → `naver`), when it is written so. */
  senderName?: string;
  /** An amount of money in the message. */
  amount?: string;
}

/** Reads the opening sender tag and an amount of money, both format, not vocabulary. */
export function readStructure(text: string): Structure {
  const m = OPENING_TAG.exec(text);
  const name = (m?.[1] ?? m?.[2])?.trim();
  const out: Structure = {};
  if (name && !NOT_A_SENDER.test(name) && /\p{L}/u.test(name)) {
    out.sender = m![0].trim();
    if (/^[a-z0-9 &.'’-]+$/i.test(name)) out.senderName = name.toLowerCase().replace(/[^a-z0-9]/g, "");
  }
  const a = AMOUNT.exec(text);
  if (a) out.amount = a[0];
  if (MASKED.test(text) && TIME_OF_DAY.test(text)) out.receipt = true;
  return out;
}

/** A plain domain of the common kind: one label under .com, .net, .org, .co.kr, .kr. */
const PLAIN_DOMAIN = /^([a-z0-9]+)\.(?:com|net|org|co\.kr|kr|co\.uk)$/;

/**
 * How an unknown link's registrable domain stands to the name the message opens with: `own`
 * when it is that name under a common ending ("UPS: … ups.com"), `lookalike` when the name is
 * dressed up in it ("[NAVER] … nid-naver.help"), else undefined.
 */
export function linkToSender(name: string | undefined, domain: string): "own" | "lookalike" | undefined {
  if (!name || name.length < 3) return undefined;
  if (PLAIN_DOMAIN.exec(domain)?.[1] === name) return "own";
  const label = domain.split(".")[0] ?? "";
  if (label === name) return undefined;
  return label.split(/[-\d]+/).includes(name) || (name.length >= 5 && label.includes(name)) ? "lookalike" : undefined;
}

/**
 * Extra score for the generic shape, for a message that gives a way to act (an unknown link, a
 * number that is not official, a messenger ID; the caller decides), by the independent signs beside it.
 * Two signs make it suspicious whatever the lure; with money, a secret or a link that is
 * not the brand's own, plus pressure, it is a scam.
 */
export function structureScore(flags: readonly ScamFlag[], s: Structure, brand: boolean): number {
  const kinds = new Set(flags.filter((f) => f.weight > 0).map((f) => f.kind));
  const pressure = kinds.has("urgency") || kinds.has("authority_threat");
  const stake = kinds.has("money_request") || kinds.has("secret_request") || kinds.has("gift_card") || s.amount !== undefined;
  const speaker = brand || s.sender !== undefined || kinds.has("family_impersonation") || kinds.has("authority_threat") || kinds.has("sender_prefix");
  const offer = kinds.has("lure");
  const signs = [pressure, stake, speaker, offer].filter(Boolean).length;
  // One sign alone counts only when it is the sender it speaks as: a sum or a "today" beside a friend's link is everyday talk.
  if (signs === 1 && !speaker) return 0;
  return STRUCTURE_EXTRA[signs] ?? 0;
}

/** Extra score by the number of independent signs beside a way to act. */
const STRUCTURE_EXTRA = [0, 0.5, 1, 2, 2.5];

/** Red flags that together say more than apart: a lure with a way to act on it. */
export function combos(flags: readonly ScamFlag[], lure: boolean, unknownLinks: number, brand: boolean): number {
  const kinds = new Set(flags.map((f) => f.kind));
  let extra = 0;
  const actionable = kinds.has("shortener") || kinds.has("callback_number") || kinds.has("callback_request") || kinds.has("brand_unofficial_link") || unknownLinks > 0 || kinds.has("attachment") || kinds.has("qr_code") || kinds.has("money_request");
  if (lure && actionable) extra += 1;
  if (flags.filter((f) => f.kind === "lure" && f.weight > 0).length >= 2) extra += 0.5;
  if (kinds.has("family_impersonation") && (kinds.has("money_request") || kinds.has("gift_card"))) extra += 1.5;
  // "Mum, my phone broke, text me at this number": the first message of the family scam asks to move the talk elsewhere.
  else if (kinds.has("family_impersonation") && (kinds.has("callback_request") || kinds.has("callback_number") || kinds.has("secret_request"))) extra += 1;
  if (kinds.has("authority_threat") && (actionable || kinds.has("callback_request") || kinds.has("link_action") || kinds.has("remote_app") || lure)) extra += 1;
  if (kinds.has("secret_request") && (lure || kinds.size > 1)) extra += 0.5;
  // Asked to act through an unknown link or number, with a bait, pressure, a sender tag or a brand's name.
  if (kinds.has("link_action") && (lure || kinds.has("urgency") || kinds.has("sender_prefix") || brand || kinds.has("secret_request"))) extra += 1;
  // Speaking as a known brand while asking for a secret, money or a call back.
  if (brand && (kinds.has("secret_request") || kinds.has("money_request") || kinds.has("callback_number") || kinds.has("callback_request"))) extra += 1;
  return extra;
}
