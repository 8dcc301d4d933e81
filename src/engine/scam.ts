import type { ScamUiKey } from "../content/schema.js";
import { pick } from "../content/pack.js";
import { keyedHash } from "../privacy/keys.js";
import { checkMessage, looksLikeMessage } from "../scam/check.js";
import { defang } from "../scam/defang.js";
import { eventFlags } from "../scam/event-flags.js";
import type { ScamCheck, ScamFlag, ScamFlagKind } from "../scam/flags.js";
import { ids } from "./choice-ids.js";
import { l, say, t, type Turn } from "./context.js";
import type { InboundEvent } from "./events.js";
import { escapeMarks } from "./replies.js";
import type { Store } from "../store/store.js";
import { memoPerOwner } from "../matcher/memo.js";

/** Whether a text looks like a pasted message, asked on every text turn: kept per rule set. */
const looksPasted = memoPerOwner(looksLikeMessage, (text: string) => text);

/** The UI string that explains each kind of flag. */
const FLAG_TEXT: Readonly<Record<ScamFlagKind, ScamUiKey>> = {
  lookalike_domain: "scamFlagLookalike",
  brand_in_subdomain: "scamFlagSubdomain",
  official_in_path: "scamFlagInPath",
  userinfo_host: "scamFlagUserinfo",
  homoglyph_domain: "scamFlagHomoglyph",
  app_download: "scamFlagApp",
  attachment: "scamFlagAttachment",
  shortener: "scamFlagShortener",
  ip_host: "scamFlagIp",
  odd_port: "scamFlagPort",
  unknown_link: "scamFlagUnknownLink",
  brand_unofficial_link: "scamFlagBrandLink",
  callback_number: "scamFlagNumber",
  callback_request: "scamFlagCallback",
  sender_prefix: "scamFlagSender",
  lure: "scamFlagLure",
  secret_request: "scamFlagSecret",
  remote_app: "scamFlagRemoteApp",
  gift_card: "scamFlagGiftCard",
  family_impersonation: "scamFlagFamily",
  money_request: "scamFlagMoney",
  authority_threat: "scamFlagAuthority",
  qr_code: "scamFlagQr",
  urgency: "scamFlagUrgency",
  link_action: "scamFlagLinkAction",
};

/** Longest piece of the message quoted back in one flag. */
const MAX_EVIDENCE = 80;

/** A checker UI string (optional in ui.yaml, required with scam.yaml; see content/scam-check.ts). */
export function scamText(turn: Pick<Turn, "pack" | "locale">, key: ScamUiKey, vars: Record<string, string | number> = {}): string {
  const text = (turn.pack.ui as Partial<Record<ScamUiKey, Record<string, string>>>)[key];
  return (text ? pick(turn.pack, text, turn.locale) : key).replace(/\{(\w+)\}/g, (m, k: string) => (k in vars ? String(vars[k]) : m));
}

/**
 * Whether a text event should be checked as a suspicious message rather than answered from the
 * FAQ: it was forwarded, the user asked for a check with `/check` just before, or it looks like
 * a pasted text (a link, a sender tag such as `[Web발신]`, a long message with a number).
 */
export function wantsCheck(turn: Turn, e: Extract<InboundEvent, { kind: "text" }>): boolean {
  const rules = turn.pack.scam;
  if (!rules) return false;
  if (e.forwarded || turn.state.checkNext) return true;
  return looksPasted(rules, e.text);
}

/** `/check` with the message as its argument, or alone: ask for the message and check the next text. */
export function onCheckCommand(turn: Turn, args: string | undefined): void {
  if (!turn.pack.scam) return say(turn, t(turn, "fallbackNoSuggestions"));
  if (args?.trim()) return answerCheck(turn, args);
  turn.state.checkNext = true;
  say(turn, scamText(turn, "scamCheckPrompt"));
}

/**
 * Checks a message and answers with the verdict, each red flag with the part of the message it
 * is about, what to do now, where to report and the way into the pack's "I clicked / I paid"
 * task. The raw message is read here only; what is kept is a keyed hash of the normalized
 * message, the flag kinds and the registrable domains (`scam_checked`), so a wave can be counted
 * ("seen N times today", see `turn.scamWave`) without storing anyone's message.
 */
export function answerCheck(turn: Turn, raw: string): void {
  const rules = turn.pack.scam;
  if (!rules) return;
  turn.state.checkNext = undefined;
  const c = checkMessage(rules, raw);
  const hash = keyedHash(`scam\u0000${c.normalized}`, turn.secret);
  turn.analytics.push({ type: "scam_checked", value: c.verdict, score: c.score, hash, flags: eventFlags(c.flags), domains: c.domains });
  say(turn, verdictText(turn, c));
  turn.scamWave = { hash, at: turn.replies.length };
  const contacts = rules.report.flatMap((id) => {
    const ct = turn.pack.contacts.find((x) => x.id === id);
    const name = ct ? l(turn, ct.name) : "";
    return ct ? [ct.phone && !name.includes(ct.phone) ? `${name} ${ct.phone}` : name] : [];
  });
  const advice = c.verdict === "no_red_flags" ? scamText(turn, "scamAdviceNoFlags") : scamText(turn, "scamAdvice");
  say(turn, `${advice}\n\n${scamText(turn, "scamReportLine", { contacts: contacts.join(", ") })}`);
  const task = turn.pack.taskById.get(rules.afterTask);
  turn.replies.push({
    kind: "choices",
    choices: [...(task ? [{ id: ids.task(task.id), label: scamText(turn, "scamAfterTask") }] : []), { id: ids.menu("main"), label: t(turn, "menuBack") }],
  });
}

function verdictText(turn: Turn, c: ScamCheck): string {
  const head = scamText(turn, c.verdict === "scam" ? "scamVerdictScam" : c.verdict === "suspicious" ? "scamVerdictSuspicious" : "scamVerdictNoFlags");
  if (c.flags.length === 0) return head;
  const lines = dedupe(c.flags).map((f) => flagLine(turn, f));
  return `${head}\n\n${scamText(turn, "scamFlagsHeader")}\n${lines.join("\n")}`;
}

/** One line per kind and evidence; urgency last. */
function dedupe(flags: readonly ScamFlag[]): ScamFlag[] {
  const seen = new Set<string>();
  return [...flags]
    .sort((a, b) => Number(a.kind === "urgency") - Number(b.kind === "urgency"))
    .filter((f) => {
      const k = `${f.kind}\u0000${f.evidence}`;
      if (seen.has(k)) return false;
      seen.add(k);
      return true;
    });
}

/** The red flags one line each, as the checker's answer lists them (evidence defanged): also the scam watch's details. */
export function flagLines(turn: Pick<Turn, "pack" | "locale">, flags: readonly ScamFlag[]): string[] {
  return dedupe(flags).map((f) => flagLine(turn, f));
}

function flagLine(turn: Pick<Turn, "pack" | "locale">, f: ScamFlag): string {
  const quote = (s: string) => escapeMarks(defang(s.length > MAX_EVIDENCE ? `${s.slice(0, MAX_EVIDENCE)}…` : s)).replace(/\s+/g, " ");
  return scamText(turn, FLAG_TEXT[f.kind], {
    evidence: quote(f.evidence),
    imitates: f.imitates ? quote(f.imitates) : "",
    label: f.label ? l(turn, f.label) : "",
  });
}

/** A wave is counted per UTC day; the counter outlives its day a little, then expires. */
const WAVE_TTL_MS = 2 * 86_400_000;

/**
 * Counts a checked message towards today's wave (a store setting keyed by day and the message's
 * keyed hash, owned by no user and holding only a number) and, when others checked the same
 * message today, tells the user so right after the verdict. Without store settings, nothing is
 * counted.
 */
export async function countScamWave(store: Store, turn: Pick<Turn, "scamWave" | "now" | "replies" | "pack" | "locale">): Promise<void> {
  const wave = turn.scamWave;
  if (!wave || !store.getSetting || !store.setSetting) return;
  const key = `scam-wave:${turn.now.toISOString().slice(0, 10)}:${wave.hash}`;
  const count = (Number(await store.getSetting(key)) || 0) + 1;
  await store.setSetting(key, String(count), { ttlMs: WAVE_TTL_MS });
  if (count > 1) turn.replies.splice(wave.at, 0, { kind: "text", text: scamText(turn, "scamSeenToday", { count }) });
}
