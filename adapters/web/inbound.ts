import { MAX_CHOICE_ID_BYTES, parseCommandText, toCommandEvent, type InboundEvent, type UserRef } from "../../src/index.js";

/** The channel name of the web chat (what the engine sees as `user.platform`). */
export const WEB_PLATFORM = "web";

/**
 * What a browser sends over the socket, after Botkit has turned it into a message: Botkit's web
 * client shape (`type` "hello" | "welcome_back" | "message", `user`, `text`) plus three optional
 * fields of ours: `quick_reply.payload` (a pressed button, as in Botkit's Facebook adapter),
 * `locale` (the browser's language or the widget's `data-locale`) and `start` (a deep-link
 * payload such as "tasks"). Everything is untrusted, hence `unknown`.
 */
export interface WebInbound {
  type?: unknown;
  user?: unknown;
  text?: unknown;
  quick_reply?: unknown;
  locale?: unknown;
  start?: unknown;
}

const USER_ID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const LOCALE = /^[A-Za-z]{2,3}(?:[-_][A-Za-z0-9]{1,8}){0,3}$/;
const START = /^[A-Za-z0-9_-]{1,64}$/;

/** True for a browser id the chat accepts: a UUID (what `crypto.randomUUID()` and Botkit's web client make). */
export const isWebUserId = (s: unknown): s is string => typeof s === "string" && USER_ID.test(s);

const str = (v: unknown, re: RegExp) => (typeof v === "string" && re.test(v) ? v : undefined);

/** The pressed button's choice id, if the message carries a well-formed one. */
function choiceOf(m: WebInbound): string | undefined {
  const qr = m.quick_reply;
  if (typeof qr !== "object" || qr === null) return undefined;
  const payload = (qr as { payload?: unknown }).payload;
  if (typeof payload !== "string" || payload === "") return undefined;
  return Buffer.byteLength(payload, "utf8") <= MAX_CHOICE_ID_BYTES ? payload : undefined;
}

/**
 * Turns one web chat message into a core event: a connect ("hello" on the first visit,
 * "welcome_back" after) is a start, a pressed button a choice, `/command args` a command, other
 * text a question. Returns undefined for anything else (unknown types, a malformed user id,
 * empty text), which the bridge drops.
 */
export function toWebEvent(m: WebInbound): InboundEvent | undefined {
  if (!isWebUserId(m.user)) return undefined;
  const user: UserRef = { platform: WEB_PLATFORM, userId: m.user, chat: "private" };
  const localeHint = str(m.locale, LOCALE);
  const base = { user, ...(localeHint ? { localeHint } : {}) };
  if (m.type === "hello" || m.type === "welcome_back") {
    const payload = str(m.start, START);
    return { ...base, kind: "start", ...(payload ? { payload } : {}) };
  }
  if (m.type !== "message") return undefined;
  const choiceId = choiceOf(m);
  if (choiceId) return { ...base, kind: "choice", choiceId };
  const text = typeof m.text === "string" ? m.text.trim() : "";
  if (!text) return undefined;
  const cmd = parseCommandText(text);
  const command = cmd && toCommandEvent(cmd.name, cmd.args, base);
  if (command) return command;
  return { ...base, kind: "text", text };
}
