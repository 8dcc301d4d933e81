import { HttpError, type Transformer } from "grammy";

/** Waits between attempts after a Telegram 5xx or a network failure (bounded; then the error surfaces). */
export const SERVER_ERROR_DELAYS_MS = [200, 500, 1000] as const;

/** grammY's signal type (its own AbortSignal polyfill typing): only what the pause needs. */
type Abortable = { aborted: boolean; addEventListener(type: "abort", fn: () => void, o?: { once: boolean }): void } | undefined;

const pause = (ms: number, signal: Abortable) =>
  new Promise<void>((resolve) => {
    const timer = setTimeout(resolve, ms);
    signal?.addEventListener("abort", () => (clearTimeout(timer), resolve()), { once: true });
  });

/**
 * Retries Bot API calls that failed with a 5xx answer or a network error (connection reset,
 * refused) a few times with short pauses, so a burst of server errors costs a worried user less
 * than a second instead of auto-retry's fixed 3 s first backoff. 429s are left to auto-retry, which
 * honours `retry_after`. Bounded: after {@link SERVER_ERROR_DELAYS_MS} the failure surfaces to the
 * edge policy (log, apology where it can still be sent).
 */
export function retryServerErrors(delays: readonly number[] = SERVER_ERROR_DELAYS_MS): Transformer {
  return async (prev, method, payload, signal) => {
    for (let attempt = 0; ; attempt++) {
      const last = attempt >= delays.length;
      try {
        const res = await prev(method, payload, signal);
        if (res.ok || res.error_code < 500 || last) return res;
      } catch (err) {
        if (!(err instanceof HttpError) || last || signal?.aborted) throw err;
      }
      await pause(delays[attempt]!, signal);
    }
  };
}
