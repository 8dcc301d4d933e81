import { z } from "zod";
import { localizedText } from "./schema.js";

/**
 * Zod schema of `scam.yaml`: what the suspicious-message checker (`src/scam/`) needs to know
 * about one incident (the brands scammers imitate, their official domains and numbers, the lures
 * of this wave, link shorteners) and the vocabulary of the generic signals (requests for secrets,
 * remote-control apps, gift cards, family impersonation, warnings). Every pattern is a
 * case-insensitive regular expression matched against the cleaned message and against the same
 * message with its spaces removed (so `택 배 보 상 금` still matches `택배보상금`).
 */

/** Content ids: lower-case words joined by '-'. */
const id = z.string().regex(/^[a-z0-9][a-z0-9-]*$/, "ids are lower-case words joined by '-'").max(40);
const pattern = z.string().min(2);
const patterns = z.array(pattern).min(1);
const domain = z
  .string()
  .regex(/^(?=.{3,253}$)[a-z0-9-]+(\.[a-z0-9-]+)+$/, "a domain in lower case, without scheme or path, e.g. example.com");

/** A brand or organisation scammers imitate. */
export const scamBrandSchema = z.strictObject({
  id,
  /** Its name for the user, e.g. `{ en: "Acme", ko: "에이크미" }`. */
  name: localizedText,
  /** How the name is written in a message (plain words, matched case-insensitively). */
  mentions: z.array(z.string().min(2)).min(1),
  /** Domain labels that spell it (lookalikes are judged against these and the official domains). */
  labels: z.array(z.string().regex(/^[a-z0-9-]{2,63}$/, "a domain label in lower case")).min(1),
  /** Its real registrable domains. */
  domains: z.array(domain).default([]),
  /** Its real phone numbers, as written (`1577-7011`). */
  numbers: z.array(z.string().min(3)).default([]),
});
export type ScamBrand = z.infer<typeof scamBrandSchema>;

/** One lure of the current scam wave ("compensation", "refund", "unpaid customs fee"). */
export const scamLureSchema = z.strictObject({
  id,
  /** How the bot names it to the user: "an offer of compensation". */
  label: localizedText,
  patterns,
});
export type ScamLure = z.infer<typeof scamLureSchema>;

/** A kind of secret nobody legitimate asks for by message. */
export const scamSecretSchema = z.strictObject({
  id,
  label: localizedText,
  patterns,
});

/** Generic vocabulary of the signals; a pack may copy it as it is. */
export const scamSignalsSchema = z.strictObject({
  /** Sender tags of texts relayed from abroad or from a web service: `[국제발신]`, `[Web발신]`. */
  senderPrefixes: z.array(z.strictObject({ pattern, /** Counts on its own (international), else only with a lure. */ alone: z.boolean().default(false) })),
  /** Words that ask for something: "reply with", "enter", "보내주세요", "입력". */
  requests: patterns,
  /** Words that warn against sharing or clicking: "do not share", "절대 알려주지 마세요", "사칭". */
  warnings: patterns,
  /** Secrets (card number, CVC, one-time code, password, resident number, ID card photo). */
  secrets: z.array(scamSecretSchema).min(1),
  /** Installing a remote-control or "security" app. */
  remoteApps: patterns,
  /** Paying with gift cards or their PINs. */
  giftCards: patterns,
  /** "Mum, it's me, my phone broke": the family-member opening. */
  family: patterns,
  /** Asking for money to be sent. */
  money: patterns,
  /** Posing as police, prosecutors or a regulator, with a threat. */
  authority: patterns,
  /** Asking to call or text back. */
  callBack: patterns,
  /** Scanning a QR code to get something (a parcel PIN, a refund). */
  qrCodes: patterns,
  /** Pressure: a deadline, "immediately", "today only". */
  urgency: patterns,
  /** Asking to act through a link or number ("확인하기", "pay now", "renew here"): weighs only beside an unknown link or an unofficial number. */
  actions: patterns.optional(),
  /** Opt-out words of ads ("무료수신거부 080-…", "unsubscribe"): the number right after one is not a callback. */
  optOut: patterns.optional(),
  /** Asking to tell a secret back ("알려주세요", "불러주세요", "reply with", "read it back"), not only to enter it: a secret asked for so is a scam on its own. */
  disclose: patterns.optional(),
  /** Files that install or open something: `.apk`, `.zip`. `strong`: an app package. */
  attachments: z.array(z.strictObject({ ext: z.string().regex(/^[a-z0-9]{2,5}$/), strong: z.boolean().default(false) })).min(1),
});

/** The whole of `scam.yaml`. */
export const scamFileSchema = z.strictObject({
  /** The guided task offered after a check ("I clicked / I installed / I sent money"). */
  afterTask: id,
  /** Where to report, shown under every verdict (contact ids of pack.yaml). */
  report: z.array(id).min(1),
  brands: z.array(scamBrandSchema).min(1),
  lures: z.array(scamLureSchema).min(1),
  /** Link shorteners (registrable domains) that hide where a link goes. */
  shorteners: z.array(domain).min(1),
  /** Domains people commonly share (news, video, portals) and public suffixes no scammer can register (`go.kr`). */
  trusted: z.array(domain).default([]),
  signals: scamSignalsSchema,
});
export type ScamFile = z.infer<typeof scamFileSchema>;
