import type { LocalizedText } from "../content/schema.js";

/** Every kind of red flag the checker raises. */
export const SCAM_FLAG_KINDS = [
  "lookalike_domain",
  "brand_in_subdomain",
  "official_in_path",
  "userinfo_host",
  "homoglyph_domain",
  "app_download",
  "attachment",
  "shortener",
  "ip_host",
  "odd_port",
  "unknown_link",
  "brand_unofficial_link",
  "callback_number",
  "callback_request",
  "sender_prefix",
  "lure",
  "secret_request",
  "remote_app",
  "gift_card",
  "family_impersonation",
  "money_request",
  "authority_threat",
  "qr_code",
  "urgency",
  "link_action",
] as const;
export type ScamFlagKind = (typeof SCAM_FLAG_KINDS)[number];

/** One red flag: what it is, a short stable detail, and the exact part of the message it is about. */
export interface ScamFlag {
  kind: ScamFlagKind;
  /** Machine-readable detail, e.g. `acme-bosang.kr imitates acme.com`, `lure:refund`. */
  detail: string;
  /** The part of the message the flag is about (a domain, a number, a phrase). */
  evidence: string;
  /** What it imitates: the official domain, the brand's name (for the user). */
  imitates?: string;
  /** The pack's name of the lure or the secret, for the user. */
  label?: LocalizedText;
  /** Points this flag adds to the score. */
  weight: number;
}

/** The verdict in three words; never "safe". */
export type ScamVerdict = "scam" | "suspicious" | "no_red_flags";

/** The result of checking one message. */
export interface ScamCheck {
  verdict: ScamVerdict;
  flags: ScamFlag[];
  score: number;
  /** Registrable domains of the links found (kept for counting a wave; no path, no query). */
  domains: string[];
  /** The message, cleaned and lower-cased with whitespace collapsed: what a wave is counted by (hash it). */
  normalized: string;
}

/** Scores at or above these are called scam / suspicious. */
export const SCAM_THRESHOLD = 3;
export const SUSPICIOUS_THRESHOLD = 1;

/** Weights of one flag of each kind (the first lure; further lures add {@link EXTRA_LURE_WEIGHT}). */
export const FLAG_WEIGHTS: Readonly<Record<ScamFlagKind, number>> = {
  lookalike_domain: 3,
  brand_in_subdomain: 3,
  official_in_path: 3,
  userinfo_host: 3,
  homoglyph_domain: 3,
  app_download: 3,
  attachment: 1,
  shortener: 1.5,
  ip_host: 2,
  odd_port: 1,
  unknown_link: 1,
  brand_unofficial_link: 1.5,
  callback_number: 1,
  callback_request: 0.5,
  sender_prefix: 1,
  lure: 1.5,
  secret_request: 2.5,
  remote_app: 3,
  gift_card: 3,
  family_impersonation: 1.5,
  money_request: 1,
  authority_threat: 2,
  qr_code: 1,
  urgency: 0.5,
  link_action: 1.5,
};
export const EXTRA_LURE_WEIGHT = 1;
/** A secret asked to be told back ("read me the code"), not only entered: a scam on its own. */
export const DISCLOSED_SECRET_WEIGHT = 3;
