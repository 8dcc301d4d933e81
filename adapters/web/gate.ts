import { toPackLocale, ui, type Engine, type Logger } from "../../src/index.js";
import { createAddressLimits, type LimitNotice, type WebLimits } from "./limits.js";
import type { SocketGate } from "./socket-adapter.js";

/** The web chat's abuse limits as configured: the caps, the trusted proxy header, and how to tell a returning browser id. */
export interface WebLimitOptions extends WebLimits {
  /** See `WEB_TRUSTED_PROXY_HEADER`; unset: the socket's peer address counts. */
  trustedProxyHeader?: string;
  /** True when the store already keeps this browser id (so it is not a new user). */
  isKnown(browserId: string): Promise<boolean>;
  /** The clock of the counters (tests pass their own). */
  now?: () => number;
}

const NOTICE_KEY = { connections: "limitConnections", messages: "limitMessages" } as const;
const LOG_EVERY_MS = 60_000;

/**
 * Builds the socket gate: per-address counters, the notice frame (the pack's `limitConnections` /
 * `limitMessages` in the user's language, drawn by the page like any bot message, with `notice`
 * naming the kind), and a warning log line per reason at most once a minute, without the address.
 */
export function createSocketGate(engine: Engine, logger: Logger, o: WebLimitOptions): SocketGate {
  const limits = createAddressLimits(o, o.now);
  const logged = new Map<string, number>();
  const counts = new Map<string, number>();
  return {
    limits,
    ...(o.trustedProxyHeader ? { trustedHeader: o.trustedProxyHeader } : {}),
    isKnown: o.isKnown,
    notice(kind: LimitNotice, hint: string | undefined) {
      const locale = toPackLocale(engine.pack, hint) ?? engine.pack.meta.defaultLocale;
      const text = ui(engine.pack, NOTICE_KEY[kind], locale);
      return { type: "message", text, spans: [{ text, bold: false }], lang: locale, notice: kind };
    },
    refused(reason) {
      counts.set(reason, (counts.get(reason) ?? 0) + 1);
      const t = Date.now();
      if (t - (logged.get(reason) ?? -Infinity) < LOG_EVERY_MS) return;
      logged.set(reason, t);
      logger.warn({ channel: "web", reason, refused: counts.get(reason) }, "web chat: per-address limit reached");
    },
  };
}
