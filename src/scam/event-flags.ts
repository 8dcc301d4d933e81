import type { ScamFlag } from "./flags.js";

/** The prefix of a lure's entry among a `scam_checked` event's flags: `lure:<the pack's lure id>`. */
export const LURE_FLAG = "lure:";

/**
 * What a `scam_checked` event keeps of a check's flags: each flag kind once, and `lure:<id>` for
 * each of the pack's lures the message used (the pack's id, never message text), so the support
 * console can show which lures a scam wave uses. A check is flagged when the list is not empty,
 * as with the kinds alone.
 *
 * @example eventFlags(checkMessage(rules, text).flags) // ["lure", "lure:refund", "lookalike_domain"]
 */
export function eventFlags(flags: readonly ScamFlag[]): string[] {
  const kinds = new Set(flags.map((f) => f.kind as string));
  for (const f of flags) if (f.kind === "lure" && f.detail.startsWith(LURE_FLAG)) kinds.add(f.detail);
  return [...kinds];
}
