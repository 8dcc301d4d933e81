import type { LocalizedText } from "../content/schema.js";
import { contentPattern } from "../content/pattern.js";
import type { ScamFile } from "../content/scam-schema.js";
import { extractLinks } from "./links.js";
import { findNumbers } from "./numbers.js";

/** A compiled pattern with a label for the user (lures, secrets). */
export interface NamedPatterns {
  id: string;
  label: LocalizedText;
  res: RegExp[];
}

/** A brand as the checker uses it: names, domain labels, official domains. */
export interface BrandRule {
  id: string;
  name: LocalizedText;
  mentions: RegExp;
  labels: readonly string[];
  domains: readonly string[];
}

/**
 * `scam.yaml` compiled for fast checking: regular expressions built once, numbers reduced to
 * digits. Build with {@link compileScamRules}; the checker never reads files.
 */
export interface ScamRules {
  afterTask: string;
  report: readonly string[];
  brands: readonly BrandRule[];
  lures: readonly NamedPatterns[];
  secrets: readonly NamedPatterns[];
  shorteners: ReadonlySet<string>;
  trusted: ReadonlySet<string>;
  /** Every official registrable domain of every brand. */
  official: ReadonlySet<string>;
  /** Digits of every official number (brands and pack contacts). */
  officialNumbers: ReadonlySet<string>;
  senderPrefixes: readonly { re: RegExp; alone: boolean }[];
  requests: readonly RegExp[];
  warnings: readonly RegExp[];
  remoteApps: readonly RegExp[];
  giftCards: readonly RegExp[];
  family: readonly RegExp[];
  money: readonly RegExp[];
  authority: readonly RegExp[];
  callBack: readonly RegExp[];
  qrCodes: readonly RegExp[];
  urgency: readonly RegExp[];
  /** Asking to act through the link or number (counts only beside an unknown one). */
  actions: readonly RegExp[];
  /** Asking to tell a secret back ("불러주세요", "reply with"): a secret asked for so weighs more. */
  disclose: readonly RegExp[];
  /** Opt-out words of ads ("무료수신거부", "unsubscribe"): the number after one is not a callback. */
  optOut: readonly RegExp[];
  /** File extensions; `strong` ones (app packages) weigh like a lookalike link. */
  attachments: ReadonlyMap<string, boolean>;
}

/** A pattern that does not compile, with where it is in `scam.yaml`. */
export interface PatternProblem {
  path: (string | number)[];
  message: string;
}

const escape = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
const digits = (s: string) => s.replace(/\D/g, "");

/**
 * Compiles `scam.yaml`. Patterns that do not compile are returned as problems (the loader turns
 * them into `file:line` diagnostics) and left out.
 *
 * @example const { rules } = compileScamRules(file, ["112", "1577-7011"]);
 */
export function compileScamRules(file: ScamFile, contactNumbers: readonly string[] = []): { rules: ScamRules; problems: PatternProblem[] } {
  const problems: PatternProblem[] = [];
  const re = (source: string, path: (string | number)[]): RegExp[] => {
    try {
      // Messages are read in NFKC (cleanText), so patterns are too: compatibility jamo (ㅂㅅㄱ) and full-width forms match as typed.
      return [contentPattern(source.normalize("NFKC"))];
    } catch (e) {
      problems.push({ path, message: `not a valid regular expression: ${(e as Error).message}` });
      return [];
    }
  };
  const list = (xs: readonly string[], path: (string | number)[]) => xs.flatMap((x, i) => re(x, [...path, i]));
  const s = file.signals;
  const brands = file.brands.map((b) => ({
    id: b.id,
    name: b.name,
    mentions: new RegExp(b.mentions.map((m) => escape(m.normalize("NFKC").toLowerCase()).replace(/\s+/g, "\\s*")).join("|"), "iu"),
    labels: b.labels,
    domains: b.domains,
  }));
  const rules: ScamRules = {
    afterTask: file.afterTask,
    report: file.report,
    brands,
    lures: file.lures.map((l, i) => ({ id: l.id, label: l.label, res: list(l.patterns, ["lures", i, "patterns"]) })),
    secrets: s.secrets.map((l, i) => ({ id: l.id, label: l.label, res: list(l.patterns, ["signals", "secrets", i, "patterns"]) })),
    shorteners: new Set(file.shorteners),
    trusted: new Set(file.trusted),
    official: new Set(file.brands.flatMap((b) => b.domains)),
    officialNumbers: new Set([...file.brands.flatMap((b) => b.numbers), ...contactNumbers].map(digits).filter((d) => d.length > 0)),
    senderPrefixes: s.senderPrefixes.flatMap((p, i) => re(p.pattern, ["signals", "senderPrefixes", i, "pattern"]).map((r) => ({ re: r, alone: p.alone }))),
    requests: list(s.requests, ["signals", "requests"]),
    warnings: list(s.warnings, ["signals", "warnings"]),
    remoteApps: list(s.remoteApps, ["signals", "remoteApps"]),
    giftCards: list(s.giftCards, ["signals", "giftCards"]),
    family: list(s.family, ["signals", "family"]),
    money: list(s.money, ["signals", "money"]),
    authority: list(s.authority, ["signals", "authority"]),
    callBack: list(s.callBack, ["signals", "callBack"]),
    qrCodes: list(s.qrCodes, ["signals", "qrCodes"]),
    urgency: list(s.urgency, ["signals", "urgency"]),
    actions: list(s.actions ?? [], ["signals", "actions"]),
    optOut: list(s.optOut ?? [], ["signals", "optOut"]),
    disclose: list(s.disclose ?? [], ["signals", "disclose"]),
    attachments: new Map(s.attachments.map((a) => [a.ext, a.strong])),
  };
  // Build the link finder's TLD regex and load the phone metadata now, not in the first user's turn.
  extractLinks("warm.kr 010-0000-0000");
  findNumbers("010-0000-0000");
  return { rules, problems };
}
