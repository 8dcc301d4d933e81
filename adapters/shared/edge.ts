import { serializeError, toPackLocale, ui, type ContentPack, type Logger } from "../../src/index.js";

/**
 * The one edge policy of the adapters. A failing turn is caught here: one log line with the
 * turn's ids and its event kind (never its text, never a request body: errors go through the
 * core's serializer), and the user gets the pack's localized apology (`turnFailed`). The
 * process carries on.
 */
export interface TurnFailure {
  logger: Logger;
  pack: ContentPack;
  /** Ids for the log (update id, interaction id, …); never a message text. */
  ids: Record<string, string | number | undefined>;
  /** The event kind, or the platform's update kind when no event was made yet. */
  kind: string;
  /** A locale hint from the platform (the user's language), for the apology. */
  localeHint?: string;
  /** Sends the apology to the user; its own failure is logged, never thrown. */
  apologize?(text: string): Promise<unknown>;
  /** The log message (default "turn failed"). */
  msg?: string;
}

/** The apology in the user's language (the pack's default when the hint is not a pack locale). */
export const apologyText = (pack: ContentPack, localeHint?: string): string =>
  ui(pack, "turnFailed", (localeHint ? toPackLocale(pack, localeHint) : undefined) ?? pack.meta.defaultLocale);

/** Logs a failed turn and apologizes to the user (see {@link TurnFailure}). */
export async function failTurn(err: unknown, f: TurnFailure): Promise<void> {
  let apologized = false;
  if (f.apologize) {
    try {
      await f.apologize(apologyText(f.pack, f.localeHint));
      apologized = true;
    } catch (e) {
      f.logger.warn({ ...f.ids, err: serializeError(e) }, "could not tell the user about the failure");
    }
  }
  // Logged last, so whoever waits for this line finds the apology already sent.
  f.logger.error({ ...f.ids, kind: f.kind, apologized, err: serializeError(err) }, f.msg ?? "turn failed");
}

/**
 * Per-key ordering: work for one key (a user, a chat) runs one after another, different keys in
 * parallel. A failure of one item does not stop the next.
 *
 * @example const serial = createSerializer(); await serial.run(userId, () => handle(event));
 */
export function createSerializer(): { run<T>(key: string, work: () => Promise<T>): Promise<T> } {
  const tails = new Map<string, Promise<unknown>>();
  return {
    run<T>(key: string, work: () => Promise<T>): Promise<T> {
      const prev = tails.get(key) ?? Promise.resolve();
      const next = prev.then(work, work);
      const tail = next.catch(() => undefined);
      tails.set(key, tail);
      void tail.then(() => {
        if (tails.get(key) === tail) tails.delete(key);
      });
      return next;
    },
  };
}

/**
 * Work in flight at the edge (handlers still delivering), so `stop` can drain and tests can wait
 * for quiet instead of sleeping.
 *
 * @example const inflight = createInflight(); client.on("x", (m) => void inflight.track(() => onX(m))); await inflight.idle();
 */
export function createInflight(): { track<T>(work: () => Promise<T>): Promise<T>; idle(): Promise<void> } {
  let n = 0;
  const waiters: (() => void)[] = [];
  return {
    async track(work) {
      n++;
      try {
        return await work();
      } finally {
        n--;
        if (n === 0) for (const w of waiters.splice(0)) w();
      }
    },
    idle: () => (n === 0 ? Promise.resolve() : new Promise<void>((resolve) => void waiters.push(resolve))),
  };
}
