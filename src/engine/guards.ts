import { normalize } from "../matcher/features.js";
import { keyedHash } from "../privacy/keys.js";
import { redact, SENSITIVE_KINDS } from "../privacy/redact.js";
import { say, t, type Turn } from "./context.js";
import { mainMenu } from "./menus.js";

const MINUTE = 60_000;

/**
 * Abuse limits and the privacy shield, applied before routing. Returns true when the turn is
 * fully answered (rate-limited, too long, repeated) and routing must not run.
 */
export function applyGuards(turn: Turn): boolean {
  if (rateLimited(turn)) return true;
  const e = turn.event;
  if (e.kind !== "text") return false;
  if ([...e.text].length > turn.settings.maxInputChars) {
    say(turn, t(turn, "tooLong", { max: turn.settings.maxInputChars }));
    return true;
  }
  const r = redact(e.text);
  turn.redactedText = r.text;
  if (r.found.length > 0) {
    const sensitive = r.found.some((k) => SENSITIVE_KINDS.has(k));
    if (e.user.chat === "group" && sensitive) {
      turn.replies.push({ kind: "delete-inbound", reason: "pii", notice: t(turn, "piiWarning") });
    } else say(turn, t(turn, "piiWarning"));
  }
  return repeated(turn, normalize(r.text));
}

function rateLimited(turn: Turn): boolean {
  const now = turn.now.getTime();
  const r = turn.state.rate;
  if (!r || now - r.start >= MINUTE) {
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
