import { isAllowedLink } from "../content/links.js";
import { normalize } from "../matcher/features.js";
import { keyedHash } from "../privacy/keys.js";
import { redact, SENSITIVE_KINDS, type PiiKind } from "../privacy/redact.js";
import { MAX_CHOICE_ID_BYTES } from "./choice-ids.js";
import { say, t, type Turn } from "./context.js";
import { mainMenu } from "./menus.js";
import { showBidiControls, type Reply } from "./replies.js";

const MINUTE = 60_000;
/** The same text again after this much quiet is a new question, not a repeat. */
const REPEAT_RESET_MS = 10 * MINUTE;
/** A too-long message is still scanned this far (in multiples of the limit) to delete secrets in groups. */
const OVERSIZE_SCAN_FACTOR = 8;
/** Kept (redacted) text is cut at this multiple of the limit: NFKC can lengthen text. */
const KEPT_TEXT_FACTOR = 2;

/**
 * Abuse limits and the privacy shield, applied before routing, in this order:
 * 1. privacy: a text is cleaned and redacted first; only the redacted text goes on (matcher,
 *    analytics, handoff transcript). A card number, resident number or secret posted in a group
 *    yields a `delete-inbound` action even when the user is rate-limited or the text too long;
 *    otherwise the user is warned in their language.
 * 2. rate limit: `rateLimitPerMinute` events per user per minute window, then one notice and
 *    silence until the window ends.
 * 3. length: texts over `maxInputChars` (code points) get a clear answer and go no further.
 * 4. repeats: the same text `repeatLimit` times in a row gets one notice and the main menu, then
 *    silence; any other event or ten quiet minutes start the count again.
 *
 * Returns true when the turn is fully answered and routing must not run.
 */
export function applyGuards(turn: Turn): boolean {
  const e = turn.event;
  const quietMs = quietFor(turn);
  const text = e.kind === "text" ? inspect(turn, e.text) : undefined;
  const limited = rateLimited(turn);
  if (text && text.found.length > 0) warn(turn, text.found, limited);
  if (limited) return true;
  if (!text) {
    turn.state.repeat = undefined;
    return false;
  }
  if (text.tooLong) {
    say(turn, t(turn, "tooLong", { max: turn.settings.maxInputChars }));
    return true;
  }
  if (quietMs >= REPEAT_RESET_MS) turn.state.repeat = undefined;
  return repeated(turn, normalize(turn.redactedText ?? ""));
}

/**
 * Keeps only what may reach the user: links on the pack's allowlist (content is checked at
 * load, this holds for every code path), choices whose id fits in platform button data, and
 * text whose bidi controls are shown literally (`showBidiControls`: once here, for every channel).
 */
export function guardReplies(turn: Turn): void {
  const allow = turn.pack.meta.links.allow;
  turn.replies = turn.replies.map(showControlsIn).flatMap((r): Reply[] => {
    if (r.kind === "links") {
      const links = r.links.filter((l) => isAllowedLink(l.url, allow));
      return links.length > 0 ? [{ ...r, links }] : [];
    }
    if (r.kind === "choices") {
      const choices = r.choices.filter((c) => Buffer.byteLength(c.id, "utf8") <= MAX_CHOICE_ID_BYTES);
      return choices.length > 0 ? [{ ...r, choices }] : [];
    }
    return [r];
  });
}

/** A reply with the bidi controls of every string the user reads shown literally. */
function showControlsIn(r: Reply): Reply {
  const s = showBidiControls;
  switch (r.kind) {
    case "text":
      return { ...r, text: s(r.text) };
    case "choices":
      return { ...r, ...(r.prompt === undefined ? {} : { prompt: s(r.prompt) }), choices: r.choices.map((c) => ({ ...c, label: s(c.label) })) };
    case "links":
      return { ...r, links: r.links.map((l) => ({ ...l, label: s(l.label) })) };
    case "private":
      return { ...r, text: s(r.text), label: s(r.label) };
  }
}

/** Code points in `s`, counting no further than `max + 1`. */
function codePointsOver(s: string, max: number): boolean {
  if (s.length <= max) return false;
  let n = 0;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c >= 0xd800 && c <= 0xdbff && i + 1 < s.length) i++;
    if (++n > max) return true;
  }
  return false;
}

function inspect(turn: Turn, raw: string): { tooLong: boolean; found: PiiKind[] } {
  const max = turn.settings.maxInputChars;
  const tooLong = codePointsOver(raw, max);
  const r = redact(tooLong ? raw.slice(0, OVERSIZE_SCAN_FACTOR * max) : raw);
  if (!tooLong) turn.redactedText = r.text.slice(0, KEPT_TEXT_FACTOR * max);
  return { tooLong, found: r.found };
}

function warn(turn: Turn, found: readonly PiiKind[], limited: boolean): void {
  const sensitive = found.some((k) => SENSITIVE_KINDS.has(k));
  if (turn.event.user.chat === "group" && sensitive) {
    turn.actions.push({ kind: "delete-inbound", reason: "pii", notice: showBidiControls(t(turn, "piiWarning")) });
  } else if (!limited) say(turn, t(turn, "piiWarning"));
}

/**
 * A lower bound on the time since the user's previous event. Every event lands in the current
 * rate window, which lasts one minute from `rate.start`, so the previous one came before
 * `rate.start + 1 min`.
 */
function quietFor(turn: Turn): number {
  const r = turn.state.rate;
  return r ? turn.now.getTime() - r.start - MINUTE : Number.POSITIVE_INFINITY;
}

function rateLimited(turn: Turn): boolean {
  const now = turn.now.getTime();
  const r = turn.state.rate;
  if (!r || now - r.start >= MINUTE || now < r.start) {
    turn.state.rate = { start: now, count: 1, notified: false };
    return false;
  }
  r.count += 1;
  if (r.count <= turn.settings.rateLimitPerMinute) return false;
  if (!r.notified) {
    r.notified = true;
    say(turn, t(turn, "rateLimited"));
  }
  return true;
}

function repeated(turn: Turn, text: string): boolean {
  const hash = keyedHash(text, turn.secret);
  const prev = turn.state.repeat;
  turn.state.repeat = prev?.hash === hash ? { hash, count: prev.count + 1 } : { hash, count: 1 };
  const n = turn.state.repeat.count;
  if (n < turn.settings.repeatLimit) return false;
  if (n === turn.settings.repeatLimit) {
    say(turn, t(turn, "repeated"));
    mainMenu(turn);
  }
  return true;
}
