import { parse } from "tldts";
import unhomoglyph from "unhomoglyph";
import { FLAG_WEIGHTS, type ScamFlag, type ScamFlagKind } from "./flags.js";
import type { FoundLink } from "./links.js";
import type { BrandRule, ScamRules } from "./rules.js";

/** Ports a normal web link uses (none written, or the defaults). */
const NORMAL_PORTS = new Set(["", "80", "443"]);

/** What one link says about a message. */
export interface LinkVerdict {
  /** The registrable domain (`refund-center.net`), or the IP address. */
  domain: string;
  /** The link is on an official domain of a brand, or a trusted one. */
  known: boolean;
  flags: ScamFlag[];
}

const flag = (kind: ScamFlagKind, detail: string, evidence: string, imitates?: string): ScamFlag => ({
  kind,
  detail,
  evidence,
  weight: FLAG_WEIGHTS[kind],
  ...(imitates ? { imitates } : {}),
});

/** Levenshtein distance, stopping early once it exceeds `max`. */
export function editDistance(a: string, b: string, max = 2): number {
  if (Math.abs(a.length - b.length) > max) return max + 1;
  let prev = Array.from({ length: b.length + 1 }, (_, i) => i);
  for (let i = 1; i <= a.length; i++) {
    const cur = [i];
    let best = i;
    for (let j = 1; j <= b.length; j++) {
      const v = Math.min((prev[j] ?? 0) + 1, (cur[j - 1] ?? 0) + 1, (prev[j - 1] ?? 0) + (a[i - 1] === b[j - 1] ? 0 : 1));
      cur.push(v);
      best = Math.min(best, v);
    }
    if (best > max) return max + 1;
    prev = cur;
  }
  return prev[b.length] ?? max + 1;
}

/** The letters a lookalike is read as: homoglyphs folded (`о`→`o`, `0`→`O`), lower case. */
export const skeleton = (s: string) => unhomoglyph(s.normalize("NFKC")).toLowerCase();

/** Allowed edit distance to a brand label of this length: none for short labels. */
const fuzzBudget = (len: number) => (len >= 7 ? 2 : len >= 5 ? 1 : 0);

/** The brand a domain label spells or nearly spells, with the official domain it imitates. */
function brandOf(label: string, brands: readonly BrandRule[]): BrandRule | undefined {
  const parts = label.split(/[-_.]+/).filter((p) => p.length > 0);
  for (const b of brands) {
    for (const l of b.labels) {
      if (parts.includes(l) || (l.length >= 5 && label.includes(l))) return b;
      const budget = fuzzBudget(l.length);
      if (budget === 0) continue;
      const near = (p: string) => p.length >= 4 && p[0] === l[0] && editDistance(p, l, budget) <= budget;
      if (parts.some(near) || near(label.replace(/[-_]/g, ""))) return b;
    }
  }
  return undefined;
}

/** A subdomain that ends like a whole domain: a name and a common ending (`.co.kr`, `.com`). */
const DOMAIN_LIKE = /[a-z0-9-]{2,}\.(?:com|net|org|co\.kr|or\.kr|go\.kr|ne\.kr)$/;

const officialOf = (b: BrandRule) => b.domains[0] ?? b.labels[0] ?? b.id;

const mixedScripts = (label: string) => /\p{Script=Latin}/u.test(label) && /[\p{Script=Cyrillic}\p{Script=Greek}\p{Script=Armenian}\p{Script=Cherokee}]/u.test(label);

/**
 * Judges one link by its parts, offline: the registrable domain (via `tldts`) against the pack's
 * official and trusted domains, then lookalikes (a brand spelled in another domain, within a
 * small edit distance, in a subdomain, behind `user@`, only in the path or query, in homoglyphs
 * or mixed scripts), shorteners, IP hosts, odd ports and app downloads.
 */
export function judgeLink(link: FoundLink, rules: ScamRules): LinkVerdict {
  const p = parse(link.host);
  const flags: ScamFlag[] = [];
  const ev = link.raw;
  if (p.isIp) {
    flags.push(flag("ip_host", `ip host ${link.host}`, ev));
    return { domain: link.host, known: false, flags: withPortAndFile(link, rules, flags) };
  }
  const domain = p.domain ?? link.host;
  const suffix = p.publicSuffix ?? "";
  const official = rules.official.has(domain);
  const trusted = rules.trusted.has(domain) || rules.trusted.has(suffix);
  if (link.username && /[.@]/.test(link.username + "@")) {
    const b = brandOf(link.username.toLowerCase(), rules.brands) ?? [...rules.brands].find((x) => x.domains.some((d) => link.username.includes(d)));
    flags.push(flag("userinfo_host", `${link.username}@ hides ${domain}`, `${link.username}@${link.host}`, b ? officialOf(b) : link.username));
  }
  if (!official && !trusted) {
    const label = p.domainWithoutSuffix ?? domain;
    const unicodeLabel = link.unicodeHost.slice(0, Math.max(0, link.unicodeHost.length - suffix.length - 1)).split(".").pop() ?? label;
    const glyph = unicodeLabel !== label || /[^\x00-\x7f]/.test(unicodeLabel);
    const looks = glyph ? lookalikeByGlyphs(unicodeLabel, link.unicodeHost, rules) : undefined;
    if (looks) flags.push(flag("homoglyph_domain", `${link.unicodeHost} (${link.host}) imitates ${officialOf(looks)}`, link.unicodeHost, officialOf(looks)));
    else if (glyph && mixedScripts(unicodeLabel)) flags.push(flag("homoglyph_domain", `${link.unicodeHost} mixes scripts`, link.unicodeHost));
    else {
      const b = brandOf(label, rules.brands) ?? mentionedBrand(unicodeLabel, rules.brands);
      if (b) flags.push(flag("lookalike_domain", `${domain} imitates ${officialOf(b)}`, domain, officialOf(b)));
    }
    const sub = p.subdomain ?? "";
    const subBrand = sub ? (rules.brands.find((b) => b.domains.some((d) => sub.includes(d))) ?? brandOf(sub, rules.brands)) : undefined;
    // A well-known domain written in front of another one (`accounts.google.com.check-alert.ru`) is the same trick.
    // So is any domain-like name there (`shop-name.co.kr.refund-check.top`): nobody's own site is written in front of another.
    const subKnown = sub && !subBrand ? ([...rules.trusted].find((t) => t.includes(".") && `.${sub}.`.includes(`.${t}.`)) ?? DOMAIN_LIKE.exec(sub)?.[0]) : undefined;
    if ((subBrand || subKnown) && !flags.some((f) => f.kind === "lookalike_domain")) {
      flags.push(flag("brand_in_subdomain", `${sub} is a subdomain of ${domain}`, link.host, subBrand ? officialOf(subBrand) : subKnown));
    }
    const rest = link.rest.toLowerCase();
    const inPath = rest ? rules.brands.find((b) => b.domains.some((d) => rest.includes(d))) : undefined;
    if (inPath) flags.push(flag("official_in_path", `${officialOf(inPath)} only in the path of ${domain}`, link.raw, officialOf(inPath)));
    if (rules.shorteners.has(domain)) flags.push(flag("shortener", `shortener ${domain}`, link.raw));
  }
  // A host listed as a shortener or chat invite (open.kakao.com) counts even on a trusted domain.
  if (rules.shorteners.has(link.host) && !flags.some((f) => f.kind === "shortener")) flags.push(flag("shortener", `shortener ${link.host}`, link.raw));
  const all = withPortAndFile(link, rules, flags, official || trusted);
  return { domain, known: (official || trusted) && all.length === 0, flags: all };
}

function withPortAndFile(link: FoundLink, rules: ScamRules, flags: ScamFlag[], known = false): ScamFlag[] {
  if (!NORMAL_PORTS.has(link.port)) flags.push(flag("odd_port", `port ${link.port}`, link.raw));
  const ext = /\.([a-z0-9]{2,5})(?:$|[?#])/i.exec(link.rest)?.[1]?.toLowerCase();
  // A page (`…/article.html`) on a known site is just a page; an app package is never.
  if (ext && rules.attachments.has(ext) && (!known || rules.attachments.get(ext))) {
    flags.push(rules.attachments.get(ext) ? flag("app_download", `downloads a .${ext} file`, link.raw) : flag("attachment", `opens a .${ext} file`, link.raw));
  }
  return flags;
}

function lookalikeByGlyphs(label: string, host: string, rules: ScamRules): BrandRule | undefined {
  const sk = skeleton(label);
  const hostSk = skeleton(host);
  for (const b of rules.brands) {
    if (b.domains.some((d) => skeleton(d) === hostSk)) return b;
    if (b.labels.some((l) => sk.includes(skeleton(l)) || (l.length >= 5 && editDistance(sk, skeleton(l), fuzzBudget(l.length)) <= fuzzBudget(l.length)))) return b;
  }
  return mentionedBrand(label, rules.brands);
}

/** A Hangul domain that names a brand (`에이크미보상.kr`). */
function mentionedBrand(label: string, brands: readonly BrandRule[]): BrandRule | undefined {
  return /[^\x00-\x7f]/.test(label) ? brands.find((b) => b.mentions.test(label)) : undefined;
}
