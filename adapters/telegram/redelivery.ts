import type { Context, NextFunction } from "grammy";

/** How many recent update ids are remembered: far more than Telegram redelivers in its retry window. */
export const RECENT_UPDATES = 10_000;

/**
 * Drops an update this process has already taken in. Telegram redelivers a webhook update when
 * its request did not end in a 200 (the connection reset while the bot was answering, a
 * timeout), and long polling gets an update again when the offset confirming it was lost; the
 * user's reply has usually gone out already, so a second pass would send it twice. Ids are kept
 * in memory only (a bounded window, oldest out first): several webhook instances behind one URL
 * each see their own redeliveries only, which is why Telegram's single webhook URL should reach
 * one instance per bot (docs/faults.md).
 */
export function dropRedelivered(limit = RECENT_UPDATES): (ctx: Context, next: NextFunction) => Promise<void> {
  const seen = new Set<number>();
  return async (ctx, next) => {
    const id = ctx.update.update_id;
    if (seen.has(id)) return;
    seen.add(id);
    if (seen.size > limit) seen.delete(seen.values().next().value as number);
    await next();
  };
}
