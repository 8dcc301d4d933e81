import { parseCommandText, toCommandEvent, type Choice, type InboundEvent, type UserRef } from "../../src/index.js";

/**
 * Turns one terminal line into an event: `/command args`, a number picking one of the last
 * options, or free text. Returns undefined for an empty line.
 */
export function toConsoleEvent(line: string, user: UserRef, lastChoices: readonly Choice[], localeHint?: string): InboundEvent | undefined {
  const text = line.trim();
  if (!text) return undefined;
  const base = { user, ...(localeHint ? { localeHint } : {}) };
  const cmd = parseCommandText(text);
  const command = cmd && toCommandEvent(cmd.name, cmd.args, base);
  if (command) return command;
  if (/^\d{1,2}$/.test(text)) {
    const c = lastChoices[Number(text) - 1];
    if (c) return { ...base, kind: "choice", choiceId: c.id };
  }
  return { ...base, kind: "text", text };
}
