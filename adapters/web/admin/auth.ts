import { createHash, randomBytes, timingSafeEqual } from "node:crypto";

/** A signed-in staff session (server side; the cookie holds only its random id). */
export interface AdminSession {
  id: string;
  /** Per-session CSRF token, put in every form and checked on every POST. */
  csrf: string;
  expires: number;
}

/** The outcome of a sign-in attempt. */
export type LoginOutcome = { outcome: "ok"; session: AdminSession } | { outcome: "wrong" } | { outcome: "limited"; retryAfterSeconds: number };

/** Options of {@link createAdminAuth}. */
export interface AdminAuthOptions {
  token: string;
  /** Session lifetime; default 8 hours. */
  sessionMs?: number;
  /** Failed sign-ins per address per window before 429; default 5 per 15 minutes. */
  maxFailures?: number;
  failureWindowMs?: number;
  now?: () => number;
}

const digest = (s: string) => createHash("sha256").update(s, "utf8").digest();

/** Compares two strings in time independent of where they differ (hashes of equal length). */
export const sameSecret = (a: string, b: string) => timingSafeEqual(digest(a), digest(b));

/** At most this many sessions and tracked addresses are kept; the oldest go first. */
const MAX_ENTRIES = 10_000;

/**
 * The console's sign-in: one shared `ADMIN_TOKEN`, compared in constant time; sessions in memory
 * (a restart signs everyone out); failed sign-ins counted per address, and refused with a wait
 * once an address has too many in the window.
 */
export function createAdminAuth(o: AdminAuthOptions) {
  const now = o.now ?? Date.now;
  const sessionMs = o.sessionMs ?? 8 * 3_600_000;
  const maxFailures = o.maxFailures ?? 5;
  const windowMs = o.failureWindowMs ?? 15 * 60_000;
  const sessions = new Map<string, AdminSession>();
  const failures = new Map<string, number[]>();

  const recent = (address: string) => {
    const t = now();
    const list = (failures.get(address) ?? []).filter((at) => t - at < windowMs);
    if (list.length) failures.set(address, list);
    else failures.delete(address);
    return list;
  };
  const trim = <V>(m: Map<string, V>) => {
    while (m.size > MAX_ENTRIES) m.delete(m.keys().next().value as string);
  };

  return {
    login(token: string, address: string): LoginOutcome {
      const list = recent(address);
      if (list.length >= maxFailures) {
        return { outcome: "limited", retryAfterSeconds: Math.max(1, Math.ceil(((list[0] ?? now()) + windowMs - now()) / 1000)) };
      }
      if (!sameSecret(token, o.token)) {
        list.push(now());
        failures.set(address, list);
        trim(failures);
        return { outcome: "wrong" };
      }
      failures.delete(address);
      const session = { id: randomBytes(32).toString("base64url"), csrf: randomBytes(32).toString("base64url"), expires: now() + sessionMs };
      sessions.set(session.id, session);
      trim(sessions);
      return { outcome: "ok", session };
    },
    /** The live session of a cookie value, if any. */
    session(id: string | undefined): AdminSession | undefined {
      if (!id) return undefined;
      const s = sessions.get(id);
      if (s && s.expires <= now()) sessions.delete(id);
      return s && s.expires > now() ? s : undefined;
    },
    logout(id: string): void {
      sessions.delete(id);
    },
  };
}
/** The console's sign-in state (see {@link createAdminAuth}). */
export type AdminAuth = ReturnType<typeof createAdminAuth>;
