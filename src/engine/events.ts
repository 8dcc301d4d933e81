/**
 * What adapters send into the engine. Every event names the user (platform, platform user id,
 * private or group chat) and may carry a locale hint from the platform (Telegram
 * `language_code`, Discord `interaction.locale`, the browser's language).
 */

/** Who is talking, as the platform knows them. The engine pseudonymises this before storing anything. */
export interface UserRef {
  /** Channel name, e.g. "telegram", "discord", "console", "web". */
  platform: string;
  /** The platform's user id (never stored raw). */
  userId: string;
  /** Private conversation with the bot, or a group / server channel. */
  chat: "private" | "group";
}

/** The commands every channel offers (`/start`, `/help`, …). */
export const COMMANDS = ["start", "help", "leaked", "faq", "tasks", "language", "forget", "human", "check", "updates", "reminders"] as const;
export type CommandName = (typeof COMMANDS)[number];

/** True when `s` is a command name the engine knows. */
export function isCommandName(s: string): s is CommandName {
  return (COMMANDS as readonly string[]).includes(s);
}

/** What every event carries: the user and an optional locale hint. */
export interface EventBase {
  user: UserRef;
  /** A locale suggested by the platform, e.g. "ko", "en-US". */
  localeHint?: string;
  /** With several packs: the pack the place suggests (a Discord server's default), for a user who chose none. */
  packHint?: string;
}

/** An inbound event, tagged by `kind`. */
export type InboundEvent =
  | (EventBase & { kind: "start"; /** Deep-link payload, e.g. "tasks" or "task-secure-account". */ payload?: string })
  | (EventBase & {
      kind: "text";
      text: string;
      /** The user forwarded someone else's message (Telegram `forward_origin`): checked as a suspicious message. */
      forwarded?: boolean;
    })
  | (EventBase & { kind: "command"; command: CommandName; args?: string })
  | (EventBase & { kind: "choice"; /** The id of a {@link Choice} the user picked. */ choiceId: string })
  | (EventBase & { kind: "unsupported"; /** What arrived instead of text, e.g. "photo", "voice" (never its content). */ what: string });

/**
 * The one `/command` parser: a command name and its arguments (as typed after `/`, without a
 * bot mention) to an event. `start` carries its arguments as the deep-link payload; an unknown
 * name returns undefined (the caller treats the text as a question).
 *
 * @example toCommandEvent("start", "tasks", { user }) // { kind: "start", payload: "tasks", user }
 */
export function toCommandEvent(name: string, args: string | undefined, base: EventBase): InboundEvent | undefined {
  const n = name.toLowerCase();
  const a = args?.trim();
  if (n === "start") return { ...base, kind: "start", ...(a ? { payload: a } : {}) };
  if (isCommandName(n)) return { ...base, kind: "command", command: n, ...(a ? { args: a } : {}) };
  return undefined;
}

/** `/name args` at the start of a text, or undefined: for channels without command entities (terminal, web). */
export function parseCommandText(text: string): { name: string; args?: string } | undefined {
  const m = /^\/(\w+)(?:\s+([\s\S]*))?$/.exec(text.trim());
  return m ? { name: m[1] ?? "", ...(m[2] ? { args: m[2] } : {}) } : undefined;
}
