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
export const COMMANDS = ["start", "help", "leaked", "faq", "tasks", "language", "forget", "human"] as const;
export type CommandName = (typeof COMMANDS)[number];

/** True when `s` is a command name the engine knows. */
export function isCommandName(s: string): s is CommandName {
  return (COMMANDS as readonly string[]).includes(s);
}

interface EventBase {
  user: UserRef;
  /** A locale suggested by the platform, e.g. "ko", "en-US". */
  localeHint?: string;
}

/** An inbound event, tagged by `kind`. */
export type InboundEvent =
  | (EventBase & { kind: "start"; /** Deep-link payload, e.g. "tasks" or "task-secure-account". */ payload?: string })
  | (EventBase & { kind: "text"; text: string })
  | (EventBase & { kind: "command"; command: CommandName; args?: string })
  | (EventBase & { kind: "choice"; /** The id of a {@link Choice} the user picked. */ choiceId: string })
  | (EventBase & { kind: "unsupported"; /** What arrived instead of text, e.g. "photo", "voice" (never its content). */ what: string });
