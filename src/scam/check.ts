import { cleanText } from "../privacy/redact.js";
import { refang } from "./defang.js";
import { judgeLink } from "./domains.js";
import {
  DISCLOSED_SECRET_WEIGHT,
  EXTRA_LURE_WEIGHT,
  FLAG_WEIGHTS,
  SCAM_THRESHOLD,
  SUSPICIOUS_THRESHOLD,
  type ScamCheck,
  type ScamFlag,
  type ScamFlagKind,
} from "./flags.js";
import { extractLinks, KNOWN_TLDS, spaceScripts } from "./links.js";
import { findNumbers, maskPersonalNumber } from "./numbers.js";
import { first, formsOf, matches, positions } from "./forms.js";
import type { ScamRules } from "./rules.js";
import { readIntents } from "./intent.js";
import { combos, linkToSender, readStructure, structureScore } from "./structure.js";

/** A warning in the message ("do not share", "사칭") keeps only this share of the link flags. */
const WARNING_LINK_FACTOR = 0.3;
/** At most this many letters besides its links make a message a bare link. */
const BARE_LINK_CHARS = 14;
/** How far apart (characters) a secret and a request may be to count as a request for the secret. */
const REQUEST_WINDOW = 80;
/** A callback that names where to reach the sender: "this number", a reply; in the message: an ID, a handle, a messenger, a number. */
const HANDLE_ASK = /번호로|this\s+number|reply|회신|답장|문자|\btext\b/i;
const HANDLE = /@[\w.]{3,}|(?:\bid|아이디)\s*[:：]?\s*['"‘’]?[a-z0-9_.]{3,}|카톡|카카오톡|텔레그램|라인|whatsapp|telegram|kakao|\bline\b|signal|\bdm\b|\d[\d\s().-]{6,}\d/i;
/** Flags that are a way to act on the message. */
const ACT_KINDS = new Set<ScamFlagKind>([
  ...["unknown_link", "brand_unofficial_link", "shortener", "callback_number", "callback_request", "link_action", "qr_code"] as const,
  // A link that hides where it goes (a port, a bare IP, a lookalike) is as much a way to act as an unknown one.
  ...["odd_port", "ip_host", "lookalike_domain", "brand_in_subdomain", "official_in_path", "userinfo_host", "homoglyph_domain", "app_download"] as const,
]);
/** A messenger ID or handle to write to (`@profit_kr`, `ID: job7788`). */
const MESSENGER_ID = /@[a-z][\w.]{2,}(?![\w.]*\.[a-z]{2,})|(?:\bid|아이디)\s*[:：]\s*['"‘’]?[a-z0-9_.]{3,}/i;
/** How far (characters) after an opt-out word ("수신거부") its number may start. */
const OPT_OUT_WINDOW = 6;
/** A service number (1588-…): a business's, not a person's. */
const SERVICE = /^1[5-9]\d\d\d{4}$/;

const FILES = new WeakMap<ScamRules, RegExp>();
/** File names with an attachment extension (`AcmeSecure.apk`), built once per rule set. */
function filesOf(rules: ScamRules): RegExp {
  let re = FILES.get(rules);
  if (!re) FILES.set(rules, (re = new RegExp(`[\\p{L}\\p{N}_.-]+\\.(${[...rules.attachments.keys()].join("|")})(?![\\p{L}\\p{N}])`, "giu")));
  return re;
}

const make = (kind: ScamFlagKind, detail: string, evidence: string, extra: Partial<ScamFlag> = {}): ScamFlag => ({
  kind,
  detail,
  evidence,
  weight: FLAG_WEIGHTS[kind],
  ...extra,
});

/**
 * Checks one message for the red flags of a scam, offline and without I/O: its links (lookalike
 * domains, shorteners, IP hosts, app downloads), its phone numbers (callbacks that are not the
 * brands' official ones), its sender tag (`[국제발신]`) and its content (the pack's lures,
 * requests for secrets, remote-control apps, gift cards, family impersonation, threats). Each flag
 * adds its weight to the score; a warning in the message ("do not share this code", "사칭 주의")
 * cancels the content flags, so genuine notices and one-time codes pass.
 *
 * @example checkMessage(rules, "[국제발신] 에이크미 보상금 신청 acme-bosang.kr" (with a pack whose brand is Acme)).verdict // "scam"
 */
export function checkMessage(rules: ScamRules, input: string): ScamCheck {
  // "hxxps://x[.]top", "x . com": read the link the scam hid (the evidence quotes it joined).
  const clean = refang(cleanText(input), KNOWN_TLDS);
  const spaced = spaceScripts(clean);
  // Patterns are case-insensitive and run on the cleaned text, so evidence is quoted as written.
  const lower = clean;
  const forms = formsOf(clean);
  const has = (res: readonly RegExp[]) => first(res, forms);

  const links = extractLinks(spaced);
  const brand = rules.brands.find((b) => b.mentions.test(forms.text) || b.mentions.test(forms.compact));
  const intent = readIntents(clean);
  const shape = readStructure(clean);
  // "The text said never share this code" in the story of a caller who asked for it: the warning was not the caller's.
  const warned = has(rules.warnings) !== undefined && !(intent.codeTold && intent.reportedCall);

  const linkFlags: ScamFlag[] = [];
  // A link with hardly any words around it ("모르는 번호로 링크만 왔어요") says more than one shared in a sentence.
  const words = links.reduce((t, l) => t.replace(l.raw, " "), spaced).replace(/[\s\p{P}\p{S}]+/gu, "");
  const bareLink = [...words].length <= BARE_LINK_CHARS;
  const domains: string[] = [];
  let unknownLinks = 0;
  /** Links to the sender's own name ("UPS: … ups.com"): its own only in a notice that asks nothing. */
  const ownLinks: { raw: string; domain: string }[] = [];
  let knownLinks = 0;
  let fileNames = "";
  for (const link of links) {
    const ext = /\.([a-z0-9]{2,5})$/i.exec(link.host)?.[1]?.toLowerCase();
    if (!link.scheme && !link.rest && !link.email && ext && rules.attachments.has(ext)) {
      fileNames += ` ${link.raw}`; // "피해확인서.zip": a file name, though .zip is also a TLD.
      continue;
    }
    const v = judgeLink(link, rules);
    if (!domains.includes(v.domain)) domains.push(v.domain);
    // "UPS: … ups.com" is the sender's own domain; "[NAVER] … nid-naver.help" dresses up as it.
    const toSender = v.flags.length === 0 && !link.email ? linkToSender(shape.senderName, v.domain) : undefined;
    if (toSender === "lookalike") v.flags.push(make("lookalike_domain", `${v.domain} imitates the sender ${shape.sender}`, link.raw, { imitates: shape.sender }));
    if (toSender === "own") {
      ownLinks.push({ raw: link.raw, domain: v.domain });
      continue;
    }
    if (v.known) {
      knownLinks++;
      continue;
    }
    if (v.flags.length === 0) unknownLinks++;
    linkFlags.push(...v.flags.filter((f) => !linkFlags.some((g) => g.kind === f.kind && g.evidence === f.evidence)));
    if (v.flags.length === 0 && !link.email) {
      linkFlags.push(
        brand
          ? make("brand_unofficial_link", `${v.domain} is not an official domain of ${brand.id}`, link.raw, { imitates: brand.domains[0] ?? brand.id })
          : make("unknown_link", `unknown domain ${v.domain}`, link.raw, { weight: bareLink ? FLAG_WEIGHTS.unknown_link : FLAG_WEIGHTS.unknown_link / 2 }),
      );
    } else if (v.flags.length === 0 && link.email) {
      linkFlags.push(make("unknown_link", `unknown sender domain ${v.domain}`, link.raw, { weight: 0.5 }));
    }
  }
  const rest = [...links].reverse().reduce((s, l) => s.slice(0, l.start) + " ".repeat(l.end - l.start) + s.slice(l.end), spaced) + fileNames;
  for (const m of rest.matchAll(filesOf(rules))) {
    const ext = (m[1] ?? "").toLowerCase();
    if (linkFlags.some((f) => f.evidence.includes(m[0]))) continue;
    linkFlags.push(rules.attachments.get(ext) ? make("app_download", `an app package ${m[0]}`, m[0]) : make("attachment", `a .${ext} file`, m[0]));
  }

  const content: ScamFlag[] = [];
  const lures = rules.lures.flatMap((l) => {
    const e = has(l.res);
    return e ? [make("lure", `lure:${l.id}`, e, { label: l.label })] : [];
  });
  // "Is this you?" beside a link nobody vouches for is a bait whatever the pack's lures.
  if (intent.curiosity && (unknownLinks > 0 || linkFlags.some((f) => f.kind === "shortener"))) lures.push(make("lure", "lure:curiosity", intent.curiosity));
  lures.forEach((f, i) => content.push(i === 0 ? f : { ...f, weight: EXTRA_LURE_WEIGHT }));
  // A lure with no way to act on it (no link, number, reply, file or QR code) is talk about a
  // scam ("I got a refund text, is it fake?"), not the scam itself: it weighs half.
  // The number after "무료수신거부" / "unsubscribe" is how an ad is turned off, not a callback.
  const optOuts = positions(rules.optOut, rest, true);
  const written = findNumbers(rest).filter((n) => !optOuts.some((end) => n.start >= end && n.start - end <= OPT_OUT_WINDOW));
  // "이 번호로 문자해", "this is my new number": moving the talk elsewhere is asking to be written to.
  const callBack = has(rules.callBack) ?? intent.channelSwitch ?? intent.pressKey;
  const moneyAsked = has(rules.money) ?? intent.feeFirst ?? intent.overpay;
  const family = has(rules.family) ?? intent.familyMove ?? (moneyAsked !== undefined ? intent.familyMoveIfAsked : undefined);
  // A transaction alert (masked account, time of day) whose only number is a service number is the bank's own: nothing to act on.
  const receiptOnly = shape.receipt === true && links.length === 0 && written.every((n) => SERVICE.test(n.national));
  // "고객센터로 연락하세요" with no number, link or ID to reach is what a genuine alert says (call the one you know),
  // unless a brand, a relative or an officer is the one asking to be called back.
  const viaSender = callBack !== undefined && (HANDLE_ASK.test(callBack) || HANDLE.test(rest) || brand !== undefined || family !== undefined || intent.pressKey !== undefined || has(rules.authority) !== undefined);
  const asked = moneyAsked !== undefined || [rules.requests, rules.qrCodes, rules.giftCards, rules.remoteApps].some((r) => has(r) !== undefined) || intent.cashHandover || intent.safeAccount || intent.codeTold || intent.appFromLink;
  // A sender tag can be made to match any domain: beside a bait, a demand or a call to act its link is an unknown one.
  if (asked || lures.length > 0 || has(rules.actions) !== undefined) {
    for (const o of ownLinks) {
      unknownLinks++;
      linkFlags.push(make("unknown_link", `unknown domain ${o.domain}`, o.raw, { weight: bareLink ? FLAG_WEIGHTS.unknown_link : FLAG_WEIGHTS.unknown_link / 2 }));
    }
  }
  const reachable = !!asked || (!receiptOnly && (links.length > 0 || fileNames !== "" || written.length > 0 || viaSender));
  // Further lures in such a message are only its context: they add nothing.
  if (!reachable) content.forEach((f, i) => (f.weight = i === 0 ? f.weight / 2 : 0));

  for (const p of rules.senderPrefixes) {
    const m = p.re.exec(lower);
    if (m && (p.alone || (lures.length > 0 && reachable))) content.push(make("sender_prefix", `sender tag ${m[0]}`, m[0]));
  }

  // Asked to tell a secret back ("인증번호를 불러주세요", "reply with the code"): nobody genuine does, so it is a scam on its own.
  const disclose = matches(rules.disclose, forms).map((m) => m.start);
  const requests = [...matches(rules.requests, forms).map((m) => m.start), ...disclose];
  for (const s of rules.secrets) {
    const found = matches(s.res, forms);
    const near = (at: readonly number[]) => found.find((a) => at.some((r) => Math.abs(r - a.start) <= REQUEST_WINDOW));
    const told = near(disclose);
    const hit = told ?? near(requests);
    if (hit) content.push(make("secret_request", `asks for ${s.id}`, hit.evidence || s.id, { label: s.label, ...(told ? { weight: DISCLOSED_SECRET_WEIGHT } : {}) }));
  }
  const secretFlags = content.filter((f) => f.kind === "secret_request").sort((a, b) => b.weight - a.weight);
  secretFlags.slice(1).forEach((f) => (f.weight = EXTRA_LURE_WEIGHT));

  const single: [ScamFlagKind, readonly RegExp[]][] = [
    ["remote_app", rules.remoteApps],
    ["gift_card", rules.giftCards],
    ["money_request", rules.money],
    ["authority_threat", rules.authority],
    ["qr_code", rules.qrCodes],
  ];
  for (const [kind, res] of single) {
    const e = has(res);
    if (e) content.push(make(kind, kind.replace(/_/g, " "), e));
  }
  if (family) content.push(make("family_impersonation", "family impersonation", family));
  // What the message asks, whatever its lure (src/scam/intent.ts): each raises the flag it stands for.
  const raise = (kind: ScamFlagKind, evidence: string, weight: number, extra: Partial<ScamFlag> = {}) => {
    const f = content.find((g) => g.kind === kind);
    if (f) f.weight = Math.max(f.weight, weight);
    else content.push(make(kind, kind.replace(/_/g, " "), evidence, { weight, ...extra }));
  };
  // Cash handed to someone who comes for it, savings moved to a "safe" account: nobody genuine asks, a scam on its own.
  const handover = intent.cashHandover ?? intent.safeAccount;
  if (handover) raise("money_request", handover, DISCLOSED_SECRET_WEIGHT);
  // A fee paid first to release money, a loan, a job or a prize; what was overpaid by cheque sent back: scams on their own.
  // A fee that unlocks nothing named ("the 2 night deposit") is a demand only beside a bait.
  if (intent.feeFirst && (intent.feeUnlocks || lures.length > 0)) raise("money_request", intent.feeFirst, intent.feeUnlocks ? DISCLOSED_SECRET_WEIGHT : FLAG_WEIGHTS.money_request);
  // "Tell the police and it is over", with a sum named: a ransom demand.
  if (intent.policeBan && shape.amount) raise("money_request", intent.policeBan, FLAG_WEIGHTS.money_request);
  if (intent.overpay && intent.overpayWhy) raise("money_request", intent.overpay, DISCLOSED_SECRET_WEIGHT);
  if (intent.codeTold && !content.some((f) => f.kind === "secret_request" && f.weight >= DISCLOSED_SECRET_WEIGHT)) {
    const code = rules.secrets.find((s) => s.res.some((r) => r.test("인증번호") || r.test("verification code")));
    raise("secret_request", intent.codeTold, DISCLOSED_SECRET_WEIGHT, code ? { detail: `asks for ${code.id}`, label: code.label } : {});
  }
  // An app installed from a link the message sent, when no link in it is the company's own.
  if (intent.appFromLink && knownLinks === 0) raise("remote_app", intent.appFromLink, FLAG_WEIGHTS.remote_app);
  // An officer who introduces themselves by message and asks for anything is posing as one.
  if (intent.officer && (reachable || intent.secrecy)) raise("authority_threat", intent.officer, FLAG_WEIGHTS.authority_threat);

  const official = rules.officialNumbers;
  const numbers = written.filter((n) => !official.has(n.national) && !official.has(n.national.replace(/^0/, "")));
  // A number in a message that speaks as a brand or dangles a bait is a callback; a friend's "call me at 010-…" is not.
  // A service number (1588-…) is a business's: it counts fully only next to a bait.
  // A relative who "broke their phone" or an officer "about your case" asking for a call is the same as a brand doing it.
  const speaker = content.some((f) => f.kind === "family_impersonation" || f.kind === "authority_threat");
  const context = brand !== undefined || lures.length > 0 || speaker;
  for (const n of receiptOnly && !asked ? [] : numbers) {
    const service = SERVICE.test(n.national);
    const weight = service ? (lures.length > 0 ? FLAG_WEIGHTS.callback_number : 0.5) : context ? FLAG_WEIGHTS.callback_number : 0.5;
    const shown = maskPersonalNumber(n.raw.trim());
    content.push(make("callback_number", `number ${shown} is not an official one`, shown, { weight }));
  }
  // "Call us" next to an official number only is what genuine notices say; so is "call 112 or 1332".
  const officialWritten = [...rest.matchAll(/(?<![\d-])\d[\d-]{1,12}\d(?![\d-])/g)].some((m) => official.has(m[0].replace(/\D/g, "")));
  if (written.length === 0 && !officialWritten && callBack && (viaSender || linkFlags.length > 0)) {
    content.push(make("callback_request", "asks to call or reply", callBack, { weight: brand || lures.length > 0 ? 1 : FLAG_WEIGHTS.callback_request }));
  }

  // "확인하기 ▶ x.top", "Pay now: y.net": asking to act through a link or number nobody vouches for.
  const action = has(rules.actions);
  const unofficialNumber = numbers.some((n) => !SERVICE.test(n.national));
  if (action && (unknownLinks > 0 || unofficialNumber || linkFlags.some((f) => f.kind === "brand_unofficial_link" || f.kind === "shortener"))) content.push(make("link_action", "asks to act through it", action));

  const flags = [...linkFlags, ...content];
  const urgent = has(rules.urgency);
  // Pressure adds to a message already suspicious for a bait or a demand, not to a link shared
  // with "today" in the sentence or to talk about a refund that "came in today".
  const before = flags.reduce((a, f) => a + f.weight, 0);
  // So does it to a link or number nobody vouches for in a message that speaks as someone or names a sum.
  const speaks = brand !== undefined || shape.sender !== undefined || shape.amount !== undefined;
  // A mobile, 070 or foreign number or a messenger ID is a way to act; a service number (1588-…) or "연락주세요" alone is what genuine notices give.
  const strayNumber = numbers.some((n) => !n.e164.startsWith("+82") || /^(?:01[016789]|070|050)/.test(n.national));
  const actOn = strayNumber || MESSENGER_ID.test(rest) || flags.some((f) => ACT_KINDS.has(f.kind) && f.weight >= (f.kind === "unknown_link" ? 0.5 : 1));
  if (urgent && ((before >= SUSPICIOUS_THRESHOLD && flags.some((f) => f.kind !== "unknown_link" && f.kind !== "attachment")) || (actOn && speaks))) flags.push(make("urgency", "pressure to act now", urgent));

  let score = 0;
  for (const f of flags) {
    const isLink = linkFlags.includes(f);
    score += warned ? (isLink ? f.weight * WARNING_LINK_FACTOR : 0) : f.weight;
  }
  // Kept from the bank, the family or anyone else ("do not tell your bank"): secrecy beside a demand.
  const demand = flags.some((f) => ["money_request", "secret_request", "gift_card", "authority_threat", "remote_app"].includes(f.kind));
  // Kept from the police under a threat beside a demand is extortion: it weighs more.
  const secret = demand ? (intent.policeBan ? 2 : intent.secrecy ? 1 : 0) : 0;
  if (!warned) score += secret + Math.max(combos(flags, lures.length > 0, unknownLinks, brand !== undefined), actOn ? structureScore(flags, shape, brand !== undefined) : 0);
  score = Math.round(score * 10) / 10;
  const verdict = score >= SCAM_THRESHOLD ? "scam" : score >= SUSPICIOUS_THRESHOLD ? "suspicious" : "no_red_flags";
  const shown = verdict === "no_red_flags" ? [] : warned ? flags.filter((f) => linkFlags.includes(f)) : flags;
  return { verdict, flags: shown, score, domains, normalized: clean.toLowerCase().replace(/\s+/g, " ").trim() };
}

/** Messages at least this long that hold a phone number read as a pasted text. */
const PASTED_MIN_CHARS = 60;

/**
 * Whether a text looks like a message someone received and pasted, rather than a question: it
 * holds a link, a sender tag (`[Web발신]`, `[국제발신]`), or is long and holds a phone number.
 *
 * @example looksLikeMessage(rules, "[Web발신] 택배 주소 확인 han.gl/x") // true
 */
export function looksLikeMessage(rules: ScamRules, input: string): boolean {
  const clean = refang(cleanText(input), KNOWN_TLDS);
  const spaced = spaceScripts(clean);
  if (rules.senderPrefixes.some((p) => p.re.test(spaced))) return true;
  const links = extractLinks(spaced).filter((l) => !l.email);
  if (links.length > 0) return true;
  return [...clean].length >= PASTED_MIN_CHARS && findNumbers(clean).length > 0;
}
